#!/usr/bin/env python3
# placeholder until the runner lands
import sys
print("0 passed, 0 failed, 0 skipped")
