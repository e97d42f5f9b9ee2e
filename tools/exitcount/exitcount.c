// SPDX-License-Identifier: GPL-2.0-only
/*
 * exitcount.c - how many VM exits does a multicast IPI to N vCPUs cost?
 * (spec: KVM_HC_SEND_IPI, KPV-HST-016/017)
 *
 * The sending vCPU (APIC ID 0) sends vector 0xf0 to APIC IDs 1..N, K
 * times, first as N x2APIC ICR writes (physical destination, one WRMSR
 * each), then as one KVM_HC_SEND_IPI per multicast.  The count is the
 * sender's "exits" statistic between two ucalls, minus the ucall's own
 * exit, divided by K.  The targets have enabled their x2APIC and stay
 * outside KVM_RUN (interrupts pile up in their IRR), so only the sending
 * side is measured.
 */
#include <stdint.h>
#include <stdio.h>

#include "exitcount.h"
#include "kvm_guest.h"
#include "kvm_pv_abi.h"
#include "kvm_vm.h"

#define EXITCOUNT_VECTOR  0xf0
#define EXITCOUNT_K       200
#define EXITCOUNT_MAX_N   8

KVM_GUEST_CODE static void guest_exitcount_target(uint64_t arg)
{
	guest_x2apic_enable();
	GUEST_SYNC(arg, 0, 0);
}

KVM_GUEST_CODE static void guest_exitcount_sender(uint64_t arg)
{
	uint32_t n = arg & 0xff, k = (uint32_t)(arg >> 8);
	uint64_t bitmap = ((1ull << n) - 1) << 1;

	guest_x2apic_enable();
	GUEST_SYNC(1, 0, 0);
	for (uint32_t i = 0; i < k; i++)
		for (uint32_t d = 1; d <= n; d++)
			guest_x2apic_ipi(d, EXITCOUNT_VECTOR);
	GUEST_SYNC(2, 0, 0);
	for (uint32_t i = 0; i < k; i++) {
		long r = guest_hypercall(KVMPV_HC_SEND_IPI, bitmap, 0, 0, EXITCOUNT_VECTOR);

		GUEST_ASSERT(r == (long)n, (uint64_t)r, n);
	}
	GUEST_SYNC(3, 0, 0);
}

static int sync_stat(struct kvm_vcpu *v, uint64_t stage, uint64_t *exits, uint64_t *hc)
{
	struct kvm_ucall uc;
	char d[200];

	if (kvm_vcpu_run(v, &uc))
		return -1;
	if (uc.cmd != KVM_UCALL_SYNC || uc.args[0] != stage) {
		fprintf(stderr, "exitcount: %s\n", kvm_ucall_describe(&uc, d, sizeof(d)));
		return -1;
	}
	if (kvm_vcpu_stat(v, "exits", exits) || kvm_vcpu_stat(v, "hypercalls", hc)) {
		fprintf(stderr, "exitcount: KVM_GET_STATS_FD \"exits\"/\"hypercalls\" unreadable\n");
		return -1;
	}
	return 0;
}

static int measure(unsigned n, double *icr, double *hcall, uint64_t *nhc)
{
	struct kvm_vm *vm = kvm_vm_create();
	struct kvm_vcpu *s;
	uint64_t e1, e2, e3, h1, h2, h3;
	int ret = -1;

	if (!vm || KVM_GUEST_SET(vm, kvm_guest_use_vmmcall, vm->amd) || kvm_vm_create_irqchip(vm))
		goto out;
	s = kvm_vcpu_add(vm, 0, guest_exitcount_sender, n | (uint64_t)EXITCOUNT_K << 8);
	if (!s)
		goto out;
	for (unsigned d = 1; d <= n; d++) {
		struct kvm_vcpu *v = kvm_vcpu_add(vm, d, guest_exitcount_target, d);
		struct kvm_ucall uc;

		if (!v || kvm_vcpu_run(v, &uc) || uc.cmd != KVM_UCALL_SYNC)
			goto out;
	}
	if (sync_stat(s, 1, &e1, &h1) || sync_stat(s, 2, &e2, &h2) || sync_stat(s, 3, &e3, &h3))
		goto out;
	/* each interval also holds the exit of the ucall that ends it */
	*icr = (double)(e2 - e1 - 1) / EXITCOUNT_K;
	*hcall = (double)(e3 - e2 - 1) / EXITCOUNT_K;
	*nhc = h3 - h2;
	ret = 0;
out:
	if (ret && !vm)
		fprintf(stderr, "exitcount: %s\n", kvm_vm_error());
	kvm_vm_free(vm);
	return ret;
}

int kvm_exitcount_run(FILE *out, const char *prefix)
{
	fprintf(out, "%sexitcount: VM exits of the sending vCPU per multicast IPI, K=%u, "
		"x2APIC physical ICR writes vs KVM_HC_SEND_IPI\n", prefix, EXITCOUNT_K);
	fprintf(out, "%sexitcount: %3s %10s %10s %12s\n", prefix, "N", "icr_exits", "hc_exits",
		"hypercalls");
	for (unsigned n = 2; n <= EXITCOUNT_MAX_N; n++) {
		double icr, hc;
		uint64_t nhc;

		if (measure(n, &icr, &hc, &nhc)) {
			fprintf(out, "%sexitcount: N=%u could not be measured: %s\n", prefix, n,
				kvm_vm_error());
			return -1;
		}
		fprintf(out, "%sexitcount: %3u %10.2f %10.2f %12llu\n", prefix, n, icr, hc,
			(unsigned long long)nhc);
	}
	return 0;
}
