// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_kvmpv_abi.c - kvm_pv_abi.h pinned against the numbers of the spec
 * tables (chapter kvm-pv): a changed constant is an ABI break.
 */
#include <stddef.h>
#include <string.h>
#include "ut.h"
#include "kvm_pv_abi.h"

UT_TEST(kvmpv_abi_signature)
{
	/* KPV-HST-001: the registers, stored little-endian in EBX, ECX, EDX
	 * order, spell the 12-byte signature. */
	const uint32_t regs[3] = { KVMPV_SIGNATURE_EBX, KVMPV_SIGNATURE_ECX, KVMPV_SIGNATURE_EDX };
	uint8_t bytes[12];

	for (int r = 0; r < 3; r++)
		for (int b = 0; b < 4; b++)
			bytes[r * 4 + b] = (uint8_t)(regs[r] >> (8 * b));
	UT_ASSERT(memcmp(bytes, KVMPV_SIGNATURE, 12) == 0);
	UT_EQ(sizeof(KVMPV_SIGNATURE), 13);
	UT_EQ(KVMPV_CPUID_SIGNATURE, 0x40000000);
	UT_EQ(KVMPV_CPUID_FEATURES, 0x40000001);
}

UT_TEST(kvmpv_abi_feature_bits)
{
	static const struct { unsigned bit, want; } t[] = {
		{ KVMPV_FEATURE_CLOCKSOURCE, 0 }, { KVMPV_FEATURE_NOP_IO_DELAY, 1 },
		{ KVMPV_FEATURE_MMU_OP, 2 }, { KVMPV_FEATURE_CLOCKSOURCE2, 3 },
		{ KVMPV_FEATURE_ASYNC_PF, 4 }, { KVMPV_FEATURE_STEAL_TIME, 5 },
		{ KVMPV_FEATURE_PV_EOI, 6 }, { KVMPV_FEATURE_PV_UNHALT, 7 },
		{ KVMPV_FEATURE_PV_TLB_FLUSH, 9 }, { KVMPV_FEATURE_ASYNC_PF_VMEXIT, 10 },
		{ KVMPV_FEATURE_PV_SEND_IPI, 11 }, { KVMPV_FEATURE_POLL_CONTROL, 12 },
		{ KVMPV_FEATURE_PV_SCHED_YIELD, 13 }, { KVMPV_FEATURE_ASYNC_PF_INT, 14 },
		{ KVMPV_FEATURE_MSI_EXT_DEST_ID, 15 }, { KVMPV_FEATURE_HC_MAP_GPA_RANGE, 16 },
		{ KVMPV_FEATURE_MIGRATION_CONTROL, 17 },
		{ KVMPV_FEATURE_CLOCKSOURCE_STABLE_BIT, 24 }, { KVMPV_HINTS_REALTIME, 0 },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		UT_EQ(t[i].bit, t[i].want);
	/* KPV-HST-003: bits 0-17 but 8, and 24. */
	UT_EQ(KVMPV_FEATURES_DEFINED, 0x0103feff);
	UT_EQ(KVMPV_HINTS_DEFINED, 1);
}

UT_TEST(kvmpv_abi_msrs_hypercalls_errors)
{
	static const struct { uint64_t got, want; } t[] = {
		{ KVMPV_MSR_WALL_CLOCK_OLD, 0x11 }, { KVMPV_MSR_SYSTEM_TIME_OLD, 0x12 },
		{ KVMPV_MSR_WALL_CLOCK, 0x4b564d00 }, { KVMPV_MSR_SYSTEM_TIME, 0x4b564d01 },
		{ KVMPV_MSR_ASYNC_PF_EN, 0x4b564d02 }, { KVMPV_MSR_STEAL_TIME, 0x4b564d03 },
		{ KVMPV_MSR_PV_EOI_EN, 0x4b564d04 }, { KVMPV_MSR_POLL_CONTROL, 0x4b564d05 },
		{ KVMPV_MSR_ASYNC_PF_INT, 0x4b564d06 }, { KVMPV_MSR_ASYNC_PF_ACK, 0x4b564d07 },
		{ KVMPV_MSR_MIGRATION_CONTROL, 0x4b564d08 },
		{ KVMPV_HC_VAPIC_POLL_IRQ, 1 }, { KVMPV_HC_KICK_CPU, 5 },
		{ KVMPV_HC_CLOCK_PAIRING, 9 }, { KVMPV_HC_SEND_IPI, 10 },
		{ KVMPV_HC_SCHED_YIELD, 11 }, { KVMPV_HC_MAP_GPA_RANGE, 12 },
		{ KVMPV_ENOSYS, 1000 }, { KVMPV_EFAULT, 14 }, { KVMPV_EINVAL, 22 },
		{ KVMPV_E2BIG, 7 }, { KVMPV_EPERM, 1 }, { KVMPV_EOPNOTSUPP, 95 },
		{ KVMPV_STEAL_RESERVED_MASK, 0x3e }, { KVMPV_PV_EOI_RESERVED_MASK, 0x2 },
		{ KVMPV_ASYNC_PF_RESERVED_MASK, 0x30 }, { KVMPV_ICR_REJECT_MASK, 0xc0800 },
		{ KVMPV_VCPU_PREEMPTED, 1 }, { KVMPV_VCPU_FLUSH_TLB, 2 },
		{ KVMPV_DISABLE_EXITS_MWAIT, 1 }, { KVMPV_DISABLE_EXITS_HLT, 2 },
		{ KVMPV_DISABLE_EXITS_PAUSE, 4 }, { KVMPV_DISABLE_EXITS_CSTATE, 8 },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		UT_ASSERT_MSG(t[i].got == t[i].want, "entry %zu: 0x%llx != 0x%llx", i,
			      (unsigned long long)t[i].got, (unsigned long long)t[i].want);
	/* KPV-HST-010: -KVM_ENOSYS as a 32-bit caller reads it. */
	UT_EQ((uint32_t)-KVMPV_ENOSYS, 0xfffffc18u);
}

UT_TEST(kvmpv_abi_steal_time_layout)
{
	UT_EQ(offsetof(struct kvmpv_steal_time, steal), KVMPV_STEAL_TIME_OFF_STEAL);
	UT_EQ(offsetof(struct kvmpv_steal_time, version), KVMPV_STEAL_TIME_OFF_VERSION);
	UT_EQ(offsetof(struct kvmpv_steal_time, flags), KVMPV_STEAL_TIME_OFF_FLAGS);
	UT_EQ(offsetof(struct kvmpv_steal_time, preempted), KVMPV_STEAL_TIME_OFF_PREEMPTED);
	UT_EQ(sizeof(struct kvmpv_steal_time), KVMPV_STEAL_TIME_SIZE);
	UT_EQ(KVMPV_STEAL_TIME_SIZE, 1 << (KVMPV_STEAL_ALIGN_BITS + 1));
}
