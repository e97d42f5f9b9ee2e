# SPDX-License-Identifier: GPL-2.0-only
# conformance/kvm: the KVM x86 PV tier against real KVM (directly, or
# nested inside a QEMU TCG guest when the host's /dev/kvm cannot run an
# ordinary guest).  kvm-build makes $(KVM_BIN); the target cfg
# conformance/targets/kvm.cfg runs conformance/kvm/run.sh.
#
#   make kvm-build            the test binary (static unless a -san VARIANT)
#   make kvm-run              run the tier, KTAP to $(BUILD)/conformance/ktap/kvm-linux-host.ktap
#   make bench-exitcount      multicast-IPI exit counts (tools/exitcount)
#   KERNEL=/boot/vmlinuz-...  kernel for the nested run

KVM_DIR   := conformance/kvm
KVM_OUT   := $(OUT)/kvmtier
KVM_BIN   := $(KVM_OUT)/pvc-kvm
KVM_SRCS  := $(sort $(wildcard $(KVM_DIR)/lib/*.c $(KVM_DIR)/tests/*.c)) \
	$(KVM_DIR)/main.c \
	tools/exitcount/exitcount.c
KVM_ASMS  := $(KVM_DIR)/lib/guest_entry.S
KVM_OBJS  := $(KVM_SRCS:%.c=$(KVM_OUT)/%.o) $(KVM_ASMS:%.S=$(KVM_OUT)/%.o)

# Guest code runs from a copy of this program at its link address: no PIE,
# no stack protector (its canary lives in host TLS).
KVM_CFLAGS := $(CFLAGS_BASE) -fno-pie -fno-stack-protector \
	-Ireference/include -I$(KVM_DIR)/lib -Itools/exitcount
# (-static alone gives a non-PIE executable; the sanitizer runtimes need
# dynamic linking, and run-nested.sh copies the libraries along)
ifeq ($(filter %-san,$(VARIANT)),)
KVM_LDFLAGS := $(LDFLAGS_BASE) -static
else
KVM_LDFLAGS := $(LDFLAGS_BASE) -no-pie
endif

$(KVM_OUT)/%.o: %.c
	$(quiet) CC "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KVM_CFLAGS) -MMD -MP -c $< -o $@

$(KVM_OUT)/%.o: %.S
	$(quiet) AS "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) -fno-pie -c $< -o $@

$(KVM_BIN): $(KVM_OBJS)
	$(quiet) LD "$@"
	$(Q)$(CC) $(KVM_LDFLAGS) -o $@ $(KVM_OBJS) -lpthread

.PHONY: kvm-build kvm-run
kvm-build: $(KVM_BIN)

kvm-run: $(KVM_BIN)
	@mkdir -p $(BUILD)/conformance/ktap
	$(Q)PVC_KVM_BIN=$(KVM_BIN) $(KVM_DIR)/run.sh > $(BUILD)/conformance/ktap/kvm-linux-host.ktap
	@grep -E '^(not )?ok |exitcount' $(BUILD)/conformance/ktap/kvm-linux-host.ktap

CONFORMANCE_TIERS += kvm-build

-include $(KVM_OBJS:.o=.d)
