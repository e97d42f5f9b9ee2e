// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_cpuid.c - finding the KVM leaves and reading the feature and hint
 * bits (spec section "Identification: CPUID Leaves").
 */
#include "plat.h"
#include "kvmpv_guest.h"

bool kvmpv_cpuid_is_signature(const struct kvmpv_cpuid_regs *r)
{
	return r->ebx == KVMPV_SIGNATURE_EBX && r->ecx == KVMPV_SIGNATURE_ECX &&
	       r->edx == KVMPV_SIGNATURE_EDX;
}

int kvmpv_cpuid_probe(kvmpv_cpuid_fn cpuid, void *ctx, struct kvmpv_features *out)
{
	struct kvmpv_cpuid_regs r;
	uint32_t base;

	out->base = 0;
	out->max_leaf = 0;
	out->features = 0;
	out->hints = 0;

	/* KPV-GST-001: the KVM leaves may sit above another hypervisor's. */
	for (base = KVMPV_CPUID_BASE_MIN; base <= KVMPV_CPUID_BASE_MAX;
	     base += KVMPV_CPUID_BASE_STEP) {
		cpuid(ctx, base, &r);
		if (!kvmpv_cpuid_is_signature(&r))
			continue;
		out->base = base;
		/* KPV-GST-002: old hosts report 0 as the highest leaf. */
		out->max_leaf = r.eax ? r.eax : base + 1;
		if (out->max_leaf < base + 1)
			out->max_leaf = base + 1;
		cpuid(ctx, base + 1, &r);
		/* KPV-GST-004: bits this code does not know are dropped, so
		 * no caller can act on them by accident. */
		out->features = r.eax & KVMPV_FEATURES_DEFINED;
		out->hints = r.edx & KVMPV_HINTS_DEFINED;
		return 0;
	}
	return -VIRTQ_EINVAL;
}
