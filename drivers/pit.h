/* pit.h - the 8253/8254 programmable interval timer, channel 0 at HZ. */
#ifndef DRIVERS_PIT_H
#define DRIVERS_PIT_H

void pit_init(void);

#endif
