/*
 * cmdline.c - parse "key=value" words of the kernel command line.
 */
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/multiboot.h"
#include "kernel/string.h"

static char boot_cmdline[BOOT_CMDLINE_MAX];

void cmdline_init(const char *s)
{
	strlcpy(boot_cmdline, s, sizeof(boot_cmdline));
}

const char *cmdline(void)
{
	return boot_cmdline;
}

/* Copy one word's value (after '=') into val, removing double quotes.
 * Returns the pointer to the end of the word. */
static const char *copy_value(const char *p, char *val, size_t size)
{
	bool quoted = false;
	size_t n = 0;

	for (; *p && (quoted || *p != ' '); p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (n + 1 < size)
			val[n++] = *p;
	}
	if (size)
		val[n] = '\0';
	return p;
}

/* Skip one word (respecting quotes). */
static const char *skip_word(const char *p)
{
	bool quoted = false;

	for (; *p && (quoted || *p != ' '); p++)
		if (*p == '"')
			quoted = !quoted;
	return p;
}

bool cmdline_find(const char *line, const char *key, char *val, size_t size)
{
	size_t klen = strlen(key);
	bool found = false;
	const char *p = line;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (!strncmp(p, key, klen) &&
		    (p[klen] == '=' || p[klen] == ' ' || !p[klen])) {
			found = true;
			if (p[klen] == '=') {
				p = copy_value(p + klen + 1, val, size);
				continue;
			}
			if (size)
				val[0] = '\0';
		}
		p = skip_word(p);
	}
	return found;
}

bool cmdline_get(const char *key, char *val, size_t size)
{
	return cmdline_find(boot_cmdline, key, val, size);
}

bool cmdline_has(const char *key)
{
	char dummy[1];

	return cmdline_find(boot_cmdline, key, dummy, sizeof(dummy));
}

int parse_u64(const char *s, u64 *out)
{
	u64 v = 0;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		int d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (v > (~0UL - d) / base)
			return -EINVAL; /* overflow */
		v = v * base + d;
	}
	*out = v;
	return 0;
}

int parse_size(const char *s, u64 *out)
{
	char num[32];
	size_t n = strlen(s);
	int shift = 0;

	if (!n || n >= sizeof(num))
		return -EINVAL;
	strlcpy(num, s, sizeof(num));
	switch (num[n - 1]) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	}
	if (shift)
		num[n - 1] = '\0';
	u64 v;
	if (parse_u64(num, &v) || (shift && v > (~0UL >> shift)))
		return -EINVAL;
	*out = v << shift;
	return 0;
}

bool list_contains(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, item, n))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}
