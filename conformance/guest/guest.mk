# SPDX-License-Identifier: GPL-2.0-only
# conformance/guest/: the freestanding x86-64 test guest (QEMU -kernel,
# multiboot v1, KTAP on COM1) with the reference driver compiled in
# unmodified, straight from reference/guest/.
#
#   make guest-image       $(BUILD)/guest/pvguest.elf (+ refsrc.sha256)
#   make guest-check       TAP: image is multiboot elf32, reference sources unchanged
#   make guest-run         every unittests.cfg entry (GROUP=..., QEMU=..., ACCEL=...)
#
# The image is always built with gcc, whatever VARIANT says.

GUEST_DIR  := conformance/guest
GUEST_OUT  := $(BUILD)/guest
GUEST_ELF  := $(GUEST_OUT)/pvguest.elf
GUEST_CC   := gcc
GUEST_CFLAGS := -std=c11 -O2 -g $(WARNINGS) \
	-ffreestanding -nostdinc -isystem $(shell $(GUEST_CC) -print-file-name=include) \
	-fno-stack-protector -fno-pic -fno-pie -mcmodel=small -mno-red-zone \
	-mgeneral-regs-only -fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
	-fno-omit-frame-pointer -MMD -MP \
	-I$(GUEST_DIR) -I$(GUEST_OUT) -Ireference/include -Ireference/guest
GUEST_SRCS := $(sort $(wildcard $(GUEST_DIR)/*.c $(GUEST_DIR)/lib/*.c $(GUEST_DIR)/tests/*.c))
GUEST_REF  := $(sort $(wildcard reference/guest/*.c))
GUEST_OBJS := $(GUEST_OUT)/boot.o $(GUEST_SRCS:$(GUEST_DIR)/%.c=$(GUEST_OUT)/%.o) \
	$(GUEST_REF:reference/guest/%.c=$(GUEST_OUT)/ref/%.o)

$(GUEST_OUT)/boot.o: $(GUEST_DIR)/boot.S
	$(quiet) AS-GUEST "$@"
	@mkdir -p $(dir $@)
	$(Q)$(GUEST_CC) -c -m64 -MMD -MP $< -o $@

# The reference driver: compiled from reference/guest itself.  The sha256
# of the bytes compiled is taken before and after the compiler ran (the
# file must not change under it) and kept next to the object.
$(GUEST_OUT)/ref/%.o: reference/guest/%.c
	$(quiet) CC-GUEST "$@"
	@mkdir -p $(dir $@)
	$(Q)h1=$$(sha256sum $< | cut -d' ' -f1) && \
	$(GUEST_CC) $(GUEST_CFLAGS) -DPVREF_PLAT_HEADER='"plat_guest.h"' -c $< -o $@ && \
	h2=$$(sha256sum $< | cut -d' ' -f1) && \
	if [ "$$h1" != "$$h2" ]; then echo "guest: $< changed while compiling" >&2; rm -f $@; exit 1; fi && \
	echo "$$h1  $<" > $(@:.o=.sha256)

# Table of the reference sources in the image: the guest prints it in its
# KTAP, the runner and guest-check compare it with reference/guest/.
$(GUEST_OUT)/refsrc.sha256: $(GUEST_REF:reference/guest/%.c=$(GUEST_OUT)/ref/%.o)
	$(Q)cat $(^:.o=.sha256) > $@.tmp && mv $@.tmp $@

$(GUEST_OUT)/guest_refsrc.h: $(GUEST_OUT)/refsrc.sha256
	$(Q){ echo '/* generated from refsrc.sha256 */'; \
	  echo 'static const struct { const char *path, *sha256; } guest_refsrc[] = {'; \
	  while read -r h p; do echo "	{ \"$$p\", \"$$h\" },"; done < $<; \
	  echo '	{ 0, 0 } };'; } > $@

$(GUEST_OUT)/main.o: $(GUEST_OUT)/guest_refsrc.h

$(GUEST_OUT)/%.o: $(GUEST_DIR)/%.c
	$(quiet) CC-GUEST "$@"
	@mkdir -p $(dir $@)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -DPVREF_PLAT_HEADER='"plat_guest.h"' -c $< -o $@

$(GUEST_ELF): $(GUEST_OBJS) $(GUEST_DIR)/guest.ld
	$(quiet) LD-GUEST "$@"
	$(Q)ld -m elf_x86_64 -nostdlib -static -z noexecstack --no-warn-rwx-segments -T $(GUEST_DIR)/guest.ld \
		-o $(GUEST_OUT)/pvguest64.elf $(GUEST_OBJS)
	$(Q)objcopy -O elf32-i386 $(GUEST_OUT)/pvguest64.elf $@

.PHONY: guest-image guest-check guest-run
guest-image: $(GUEST_ELF)

guest-check: $(GUEST_ELF)
	@mkdir -p $(BUILD)/tests
	$(Q)set -o pipefail; $(GUEST_DIR)/check-image.sh $(GUEST_ELF) $(GUEST_OUT)/refsrc.sha256 \
		| tee $(BUILD)/tests/guest-check.tap

guest-run: $(GUEST_ELF)
	$(Q)$(PYTHON) $(GUEST_DIR)/run.py --build $(BUILD) $(if $(GROUP),--group $(GROUP),--all)

CONFORMANCE_TIERS += guest-image
TEST_TARGETS += guest-check

-include $(GUEST_OBJS:.o=.d)
