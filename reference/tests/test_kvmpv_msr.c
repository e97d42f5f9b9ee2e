// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_kvmpv_msr.c - the host's PV MSR handler: reserved bits, feature
 * gating, reset values, poll control (KPV-HST-025..028, -038..043).
 */
#include <string.h>
#include "ut.h"
#include "kvmpv_host.h"

static const struct {
	uint32_t msr;
	uint64_t reserved;      /* bits whose write raises #GP */
	unsigned feature;
} msrs[] = {
	{ KVMPV_MSR_WALL_CLOCK_OLD, 0, KVMPV_FEATURE_CLOCKSOURCE },
	{ KVMPV_MSR_SYSTEM_TIME_OLD, 0, KVMPV_FEATURE_CLOCKSOURCE },
	{ KVMPV_MSR_WALL_CLOCK, 0, KVMPV_FEATURE_CLOCKSOURCE2 },
	{ KVMPV_MSR_SYSTEM_TIME, 0, KVMPV_FEATURE_CLOCKSOURCE2 },
	{ KVMPV_MSR_ASYNC_PF_EN, 0x30, KVMPV_FEATURE_ASYNC_PF },
	{ KVMPV_MSR_STEAL_TIME, 0x3e, KVMPV_FEATURE_STEAL_TIME },
	{ KVMPV_MSR_PV_EOI_EN, 0x2, KVMPV_FEATURE_PV_EOI },
	{ KVMPV_MSR_POLL_CONTROL, ~1ull, KVMPV_FEATURE_POLL_CONTROL },
	{ KVMPV_MSR_ASYNC_PF_INT, ~0xffull, KVMPV_FEATURE_ASYNC_PF_INT },
	{ KVMPV_MSR_ASYNC_PF_ACK, 0, KVMPV_FEATURE_ASYNC_PF_INT },
	{ KVMPV_MSR_MIGRATION_CONTROL, ~1ull, KVMPV_FEATURE_MIGRATION_CONTROL },
};
#define NMSRS (sizeof(msrs) / sizeof(msrs[0]))

static struct kvmpv_host_vm vm_with(uint32_t features, bool enforce)
{
	struct kvmpv_host_vm vm = { NULL, NULL, true, 0, features, enforce };
	return vm;
}

UT_TEST(kvmpv_msr_reserved_bits)
{
	struct kvmpv_host_vm vm = vm_with(KVMPV_FEATURES_DEFINED, true);
	struct kvmpv_vcpu_msrs m, before;
	uint64_t v;

	kvmpv_msrs_reset(&m);
	for (size_t i = 0; i < NMSRS; i++)
		for (unsigned bit = 0; bit < 64; bit++) {
			uint64_t val = (1ull << bit) | 0x7000;  /* an aligned GPA page too */
			bool gp = (msrs[i].reserved >> bit) & 1;
			int rc;

			if (msrs[i].reserved == ~1ull || msrs[i].reserved == ~0xffull)
				val = 1ull << bit;      /* no address in these */
			before = m;
			rc = kvmpv_msr_write(&vm, &m, msrs[i].msr, val);
			UT_ASSERT_MSG(rc == (gp ? -VIRTQ_EINVAL : 0), "MSR 0x%x bit %u: rc %d",
				      msrs[i].msr, bit, rc);
			if (gp) {
				/* KPV-HST-026: unchanged after #GP */
				UT_ASSERT(memcmp(&before, &m, sizeof(m)) == 0);
				continue;
			}
			/* KPV-HST-028: reads back (ACK is a command, reads 0) */
			UT_EQ(kvmpv_msr_read(&vm, &m, msrs[i].msr, &v), 0);
			UT_ASSERT_MSG(v == (msrs[i].msr == KVMPV_MSR_ASYNC_PF_ACK ? 0 : val),
				      "MSR 0x%x reads 0x%llx after writing 0x%llx", msrs[i].msr,
				      (unsigned long long)v, (unsigned long long)val);
		}
}

UT_TEST(kvmpv_msr_async_pf_delivery_bits)
{
	const uint32_t all = KVMPV_FEATURES_DEFINED;
	struct kvmpv_vcpu_msrs m;
	struct kvmpv_host_vm vm;

	kvmpv_msrs_reset(&m);
	/* KPV-HST-027: with enforcement the delivery bits need their features. */
	vm = vm_with(all & ~KVMPV_BIT(KVMPV_FEATURE_ASYNC_PF_VMEXIT), true);
	UT_EQ(kvmpv_msr_write(&vm, &m, KVMPV_MSR_ASYNC_PF_EN, 0x1000 | 0x5), -VIRTQ_EINVAL);
	UT_EQ(kvmpv_msr_write(&vm, &m, KVMPV_MSR_ASYNC_PF_EN, 0x1000 | 0x9), 0);
	vm = vm_with(all & ~KVMPV_BIT(KVMPV_FEATURE_ASYNC_PF_INT), true);
	UT_EQ(kvmpv_msr_write(&vm, &m, KVMPV_MSR_ASYNC_PF_EN, 0x1000 | 0x9), -VIRTQ_EINVAL);
	UT_EQ(kvmpv_msr_write(&vm, &m, KVMPV_MSR_ASYNC_PF_EN, 0x1000 | 0x5), 0);
	/* without enforcement every feature is available */
	vm = vm_with(0, false);
	UT_EQ(kvmpv_msr_write(&vm, &m, KVMPV_MSR_ASYNC_PF_EN, 0x1000 | 0xf), 0);
	UT_EQ(m.async_pf_en, 0x100f);
}

UT_TEST(kvmpv_msr_enforce_cpuid)
{
	struct kvmpv_vcpu_msrs m;
	uint64_t v;

	for (size_t i = 0; i < NMSRS; i++) {
		uint32_t without = KVMPV_FEATURES_DEFINED & ~KVMPV_BIT(msrs[i].feature);
		struct kvmpv_host_vm off = vm_with(without, true);
		struct kvmpv_host_vm lax = vm_with(without, false);

		UT_EQ(kvmpv_msr_feature(msrs[i].msr), (int)msrs[i].feature);
		kvmpv_msrs_reset(&m);
		/* KPV-HST-041: gated and clear: #GP on both accesses. */
		UT_EQ(kvmpv_msr_write(&off, &m, msrs[i].msr, 0), -VIRTQ_EINVAL);
		UT_EQ(kvmpv_msr_read(&off, &m, msrs[i].msr, &v), -VIRTQ_EINVAL);
		/* KPV-HST-043: not enforced: served. */
		UT_EQ(kvmpv_msr_write(&lax, &m, msrs[i].msr, 0), 0);
		UT_EQ(kvmpv_msr_read(&lax, &m, msrs[i].msr, &v), 0);
	}
	/* Not a PV MSR (the range has room for more): left to the caller. */
	struct kvmpv_host_vm vm = vm_with(KVMPV_FEATURES_DEFINED, true);
	kvmpv_msrs_reset(&m);
	UT_EQ(kvmpv_msr_write(&vm, &m, 0x4b564d09, 0), KVMPV_MSR_UNHANDLED);
	UT_EQ(kvmpv_msr_read(&vm, &m, 0x10, &v), KVMPV_MSR_UNHANDLED);
	UT_EQ(kvmpv_msr_feature(0x4b564dff), -1);
}

UT_TEST(kvmpv_msr_poll_control)
{
	struct kvmpv_host_vm vm = vm_with(KVMPV_FEATURES_DEFINED, true);
	struct kvmpv_vcpu_msrs m;
	uint64_t v = 0;

	memset(&m, 0xa5, sizeof(m));
	kvmpv_msrs_reset(&m);
	/* KPV-HST-038: 1 after reset, every other MSR 0. */
	UT_EQ(kvmpv_msr_read(&vm, &m, KVMPV_MSR_POLL_CONTROL, &v), 0);
	UT_EQ(v, 1);
	UT_EQ(kvmpv_msr_read(&vm, &m, KVMPV_MSR_STEAL_TIME, &v), 0);
	UT_EQ(v, 0);
	UT_ASSERT(kvmpv_host_may_halt_poll(&m));
	/* KPV-HST-040, -039 */
	UT_EQ(kvmpv_msr_write(&vm, &m, KVMPV_MSR_POLL_CONTROL, 0), 0);
	UT_ASSERT(!kvmpv_host_may_halt_poll(&m));
	UT_EQ(kvmpv_msr_write(&vm, &m, KVMPV_MSR_POLL_CONTROL, 2), -VIRTQ_EINVAL);
	UT_ASSERT(!kvmpv_host_may_halt_poll(&m));
	UT_EQ(kvmpv_msr_write(&vm, &m, KVMPV_MSR_POLL_CONTROL, 1), 0);
	UT_ASSERT(kvmpv_host_may_halt_poll(&m));
}
