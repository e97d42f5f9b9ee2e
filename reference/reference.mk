# SPDX-License-Identifier: GPL-2.0-only
# reference/: libpvref.a (driver + device sides + default platform), the
# unit tests, and the freestanding proof.

REF_INC      := -Ireference/include
REF_SRCS     := $(sort $(wildcard reference/guest/*.c reference/host/*.c)) \
	reference/platform/plat_c11.c
REF_OBJS     := $(REF_SRCS:%.c=$(OUT)/%.o)
REF_LIB      := $(OUT)/libpvref.a
UNIT_SRCS    := $(sort $(wildcard reference/tests/*.c))
UNIT_OBJS    := $(UNIT_SRCS:%.c=$(OUT)/%.o)
UNIT_BIN     := $(OUT)/pvref-unit

$(OUT)/reference/%.o: reference/%.c
	$(quiet) CC "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_BASE) $(REF_INC) -Ireference/guest -Ireference/host -Ireference/tests -MMD -MP -c $< -o $@

$(REF_LIB): $(REF_OBJS)
	$(quiet) AR "$@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(UNIT_BIN): $(UNIT_OBJS) $(REF_LIB)
	$(quiet) LD "$@"
	$(Q)$(CC) $(LDFLAGS_BASE) -o $@ $(UNIT_OBJS) $(REF_LIB) -lpthread

.PHONY: lib unit unit-run
lib: $(REF_LIB)
unit: $(UNIT_BIN)
UNIT_TAP ?= $(OUT)/unit.tap
unit-run: $(UNIT_BIN)
	@mkdir -p $(dir $(UNIT_TAP))
	$(Q)set -o pipefail; $(UNIT_BIN) | tee $(UNIT_TAP) | grep -v '^ok '


-include $(REF_OBJS:.o=.d) $(UNIT_OBJS:.o=.d)

# --- freestanding proof -------------------------------------------------
# Every core file compiles with -ffreestanding -nostdinc against the
# compiler's own headers, includes nothing but <stdint.h>, <stddef.h>,
# <stdbool.h> (checked from the dependency lists), and the partially
# linked result calls no library function beyond the four a freestanding
# GCC/Clang target must provide (memcpy, memmove, memset, memcmp).
FS_OUT  := $(BUILD)/freestanding
FS_SRCS := $(sort $(wildcard reference/guest/*.c reference/host/*.c))
FS_OBJS := $(FS_SRCS:%.c=$(FS_OUT)/%.o)
FS_CFLAGS := -std=c11 -O2 -ffreestanding -nostdinc -isystem $(shell gcc -print-file-name=include) \
	$(WARNINGS) -DPVREF_PLAT_HEADER='"plat_gnuc.h"' $(REF_INC) -Ireference/guest -Ireference/host

$(FS_OUT)/%.o: %.c
	$(quiet) CC-FS "$@"
	@mkdir -p $(dir $@)
	$(Q)gcc $(FS_CFLAGS) -MD -MF $(@:.o=.dep) -c $< -o $@

.PHONY: freestanding
freestanding: $(FS_OBJS)
	$(Q)scripts/check-freestanding.sh $(FS_OUT) $(FS_OBJS)
