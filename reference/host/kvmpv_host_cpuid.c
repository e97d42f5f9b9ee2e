// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_host_cpuid.c - the feature leaf a guest sees, after the host's own
 * adjustments (spec sections "Identification" and "Exits Disabled by the
 * VMM", KPV-HST-003, -044).
 */
#include "plat.h"
#include "kvmpv_host.h"

uint32_t kvmpv_host_cpuid_features(uint32_t vmm_features, uint32_t disabled_exits)
{
	/* KPV-HST-003: undefined bits never reach the guest. */
	uint32_t f = vmm_features & KVMPV_FEATURES_DEFINED;

	f &= ~KVMPV_BIT(KVMPV_FEATURE_MMU_OP);      /* withdrawn */
	/* KPV-HST-044: a vCPU that halts without exiting cannot be kicked. */
	if (disabled_exits & KVMPV_DISABLE_EXITS_HLT)
		f &= ~KVMPV_BIT(KVMPV_FEATURE_PV_UNHALT);
	return f;
}
