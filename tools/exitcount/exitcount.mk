# SPDX-License-Identifier: GPL-2.0-only
# tools/exitcount: VM exits of a multicast IPI to N = 2..8 vCPUs, N x2APIC
# ICR writes vs one KVM_HC_SEND_IPI.  The code is linked into the KVM
# tier's binary (conformance/kvm/kvm.mk) and runs where that tier runs
# (directly or nested, see conformance/kvm/run.sh); the table goes to
# $(BUILD)/bench/exitcount.txt.

.PHONY: bench-exitcount
bench-exitcount: $(KVM_BIN)
	@mkdir -p $(BUILD)/bench
	$(Q)PVC_KVM_BIN=$(KVM_BIN) conformance/kvm/run.sh --bench | tee $(BUILD)/bench/exitcount.txt

BENCH_TARGETS += bench-exitcount
