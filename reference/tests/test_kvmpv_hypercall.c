// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_kvmpv_hypercall.c - the guest's send-IPI windows delivered by the
 * host's HC_SEND_IPI handler, the hypercall convention of the host
 * dispatcher, and a deterministic random loop that feeds the dispatcher
 * arbitrary registers and checks it against a simple model
 * (KPV-GST-010..012; KPV-HST-008..023, -042).
 */
#include <string.h>
#include "ut.h"
#include "kvmpv_guest.h"
#include "kvmpv_host.h"

/* ---- a fake VM: which APIC IDs have a vCPU, and what reached them ---- */

#define FAKE_IDS 4096u
#define FAKE_LOG 512u

static struct fake_vm {
	uint32_t max_apic_id;
	bool all_present;               /* every ID <= max has a vCPU */
	uint8_t present[FAKE_IDS];
	uint32_t hits[FAKE_IDS];        /* deliveries per ID (ID < FAKE_IDS) */
	uint32_t log[FAKE_LOG];         /* the first delivered IDs, in order */
	unsigned delivered, calls;
	unsigned kicks, yields;
	uint32_t last_kick, last_yield;
	struct kvmpv_irq last_irq;
	bool out_of_range;              /* a callback saw an ID > max_apic_id */
} fv;

static bool fake_present(uint32_t id)
{
	if (fv.all_present)
		return true;
	return id < FAKE_IDS && fv.present[id];
}

static int fake_deliver(void *ctx, uint32_t id, const struct kvmpv_irq *irq)
{
	(void)ctx;
	fv.calls++;
	if (id > fv.max_apic_id)
		fv.out_of_range = true;
	if (!fake_present(id))
		return 0;
	if (id < FAKE_IDS)
		fv.hits[id]++;
	if (fv.delivered < FAKE_LOG)
		fv.log[fv.delivered] = id;
	fv.delivered++;
	fv.last_irq = *irq;
	return 1;
}

static void fake_kick(void *ctx, uint32_t id)
{
	(void)ctx;
	if (id > fv.max_apic_id)
		fv.out_of_range = true;
	fv.kicks++;
	fv.last_kick = id;
}

static void fake_yield(void *ctx, uint32_t id)
{
	(void)ctx;
	if (id > fv.max_apic_id)
		fv.out_of_range = true;
	fv.yields++;
	fv.last_yield = id;
}

static const struct kvmpv_host_ops fake_ops = { fake_deliver, fake_kick, fake_yield };

static struct kvmpv_host_vm fake_reset(uint32_t max_apic_id, bool all_present)
{
	struct kvmpv_host_vm vm = { &fake_ops, NULL, true, max_apic_id, KVMPV_FEATURES_DEFINED, false };

	memset(&fv, 0, sizeof(fv));
	fv.max_apic_id = max_apic_id;
	fv.all_present = all_present;
	if (all_present)
		memset(fv.present, 1, sizeof(fv.present));
	return vm;
}

static uint64_t hc(const struct kvmpv_host_vm *vm, bool long_mode, uint64_t nr, uint64_t a0,
		   uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct kvmpv_hc_regs r = { nr, a0, a1, a2, a3, 0, long_mode, 0 };

	return kvmpv_hc_dispatch(vm, &r);
}

static void clear_counts(void)
{
	memset(fv.hits, 0, sizeof(fv.hits));
	fv.delivered = fv.calls = fv.kicks = fv.yields = 0;
}

/* ---- send-IPI: guest windows through the host handler ------------------ */

UT_TEST(kvmpv_send_ipi_1_128_0)
{
	uint32_t ids[3] = { 1, 128, 0 };
	struct kvmpv_ipi_call c[3];
	struct kvmpv_host_vm vm = fake_reset(255, true);

	/* 64-bit mode: {0, 1} share the window at 0; 128 is one past it. */
	UT_EQ(kvmpv_ipi_build(ids, 3, true, c, 3), 2);
	UT_EQ(c[0].min, 0);
	UT_EQ(c[0].low, 0x3);
	UT_EQ(c[0].high, 0);
	UT_EQ(c[1].min, 128);
	UT_EQ(c[1].low, 0x1);
	UT_EQ(c[1].high, 0);
	for (int i = 0; i < 2; i++)
		UT_EQ(hc(&vm, true, KVMPV_HC_SEND_IPI, c[i].low, c[i].high, c[i].min,
			 kvmpv_ipi_icr_fixed(0xf2)), i == 0 ? 2 : 1);
	UT_EQ(fv.delivered, 3);
	UT_ASSERT(fv.hits[0] == 1 && fv.hits[1] == 1 && fv.hits[128] == 1);
	UT_EQ(fv.last_irq.vector, 0xf2);
	UT_EQ(fv.last_irq.delivery_mode, 0);

	/* 32-bit mode: windows of 64, same two calls. */
	uint32_t ids32[3] = { 1, 128, 0 };
	UT_EQ(kvmpv_ipi_build(ids32, 3, false, c, 3), 2);
	UT_ASSERT(c[0].min == 0 && c[0].low == 3 && c[1].min == 128 && c[1].low == 1);

	/* The high bitmap: 0 and 100 in one 64-bit call, two 32-bit calls. */
	uint32_t ids2[2] = { 100, 0 };
	UT_EQ(kvmpv_ipi_build(ids2, 2, true, c, 3), 1);
	UT_ASSERT(c[0].min == 0 && c[0].low == 1 && c[0].high == 1ull << 36);
	ids2[0] = 40;
	ids2[1] = 0;
	UT_EQ(kvmpv_ipi_build(ids2, 2, false, c, 3), 1);
	UT_ASSERT(c[0].min == 0 && c[0].low == 1 && c[0].high == 1ull << 8);
	clear_counts();
	UT_EQ(hc(&vm, false, KVMPV_HC_SEND_IPI, c[0].low, c[0].high, c[0].min, 0x30), 2);
	UT_ASSERT(fv.hits[0] == 1 && fv.hits[40] == 1 && fv.delivered == 2);

	/* Too little room: -ENOSPC, the first calls are there. */
	uint32_t ids3[3] = { 1000, 0, 500 };
	UT_EQ(kvmpv_ipi_build(ids3, 3, true, c, 2), -VIRTQ_ENOSPC);
	UT_ASSERT(c[0].min == 0 && c[1].min == 500);
	UT_EQ(kvmpv_ipi_build(ids3, 0, true, c, 0), 0);
}

UT_TEST(kvmpv_send_ipi_random_sets)
{
	static uint32_t ids[600], copy[600];
	static struct kvmpv_ipi_call calls[600];
	static uint8_t want[FAKE_IDS];
	const uint32_t maxes[] = { 0, 63, 64, 127, 128, 255, 1023, FAKE_IDS - 1 };
	uint64_t iters = ut_scaled(3000);

	for (uint64_t it = 0; it < iters; it++) {
		uint32_t max = maxes[ut_rand() % (sizeof(maxes) / sizeof(maxes[0]))];
		struct kvmpv_host_vm vm = fake_reset(max, false);
		bool lm = ut_rand() & 1;
		uint32_t w = lm ? KVMPV_IPI_WINDOW_64 : KVMPV_IPI_WINDOW_32;
		unsigned density = 1 + (unsigned)(ut_rand() % 100);
		size_t n = 1 + ut_rand() % 600;
		unsigned expect = 0;
		int64_t got = 0;
		int nc;

		for (uint32_t id = 0; id <= max; id++)
			fv.present[id] = (ut_rand() % 100) < density;
		memset(want, 0, sizeof(want));
		for (size_t i = 0; i < n; i++) {
			/* mostly inside the map, some beyond it, duplicates allowed */
			uint32_t span = (ut_rand() % 8) ? max + 1 : max + 300;

			ids[i] = (uint32_t)(ut_rand() % span);
			copy[i] = ids[i];
			if (ids[i] < FAKE_IDS && !want[ids[i]]) {
				want[ids[i]] = 1;
				expect += fake_present(ids[i]);
			}
		}
		nc = kvmpv_ipi_build(ids, n, lm, calls, n);
		UT_ASSERT(nc >= 1 && (size_t)nc <= n);

		/* KPV-GST-012: fewest windows - each starts at an ID of the set,
		 * past the end of the previous window. */
		for (int k = 0; k < nc; k++) {
			bool in_set = false;

			for (size_t i = 0; i < n && !in_set; i++)
				in_set = copy[i] == calls[k].min;
			UT_ASSERT_MSG(in_set, "window %d starts at %u, not in the set", k, calls[k].min);
			UT_ASSERT(calls[k].low & 1);
			if (k)
				UT_ASSERT((uint64_t)calls[k].min >= (uint64_t)calls[k - 1].min + w);
			if (!lm)
				UT_ASSERT(calls[k].low >> 32 == 0 && calls[k].high >> 32 == 0);
		}
		/* KPV-GST-011 + KPV-HST-016, -017: exactly the set, once each. */
		for (int k = 0; k < nc; k++)
			got += (int64_t)hc(&vm, lm, KVMPV_HC_SEND_IPI, calls[k].low, calls[k].high,
					   calls[k].min, kvmpv_ipi_icr_fixed(0x40));
		UT_EQ(got, expect);
		UT_EQ(fv.delivered, expect);
		UT_ASSERT(!fv.out_of_range);
		for (uint32_t id = 0; id < FAKE_IDS; id++)
			UT_ASSERT_MSG(fv.hits[id] == (want[id] && fake_present(id)),
				      "APIC ID %u hit %u times (iteration %llu)", id, fv.hits[id],
				      (unsigned long long)it);
	}
}

UT_TEST(kvmpv_send_ipi_host_validation)
{
	struct kvmpv_host_vm vm = fake_reset(255, true);
	const uint64_t all = ~0ull;

	/* KPV-HST-018: destination mode and each shorthand bit: -EINVAL, nothing sent. */
	UT_EQ((int64_t)hc(&vm, true, KVMPV_HC_SEND_IPI, all, all, 0, 0x800 | 0x30), -KVMPV_EINVAL);
	UT_EQ((int64_t)hc(&vm, true, KVMPV_HC_SEND_IPI, all, all, 0, 0x40000 | 0x30), -KVMPV_EINVAL);
	UT_EQ((int64_t)hc(&vm, true, KVMPV_HC_SEND_IPI, all, all, 0, 0x80000 | 0x30), -KVMPV_EINVAL);
	UT_EQ(hc(&vm, false, KVMPV_HC_SEND_IPI, all, all, 0, 0xc0000), (uint32_t)-KVMPV_EINVAL);
	UT_EQ(fv.calls, 0);

	/* KPV-HST-016: the ICR fields reach the APIC; other bits are ignored. */
	UT_EQ(hc(&vm, true, KVMPV_HC_SEND_IPI, 1, 0, 7, 0xff00c4fdull | (0x3ull << 12) | (0x3ull << 16)), 1);
	UT_EQ(fv.log[0], 7);
	UT_EQ(fv.last_irq.vector, 0xfd);
	UT_EQ(fv.last_irq.delivery_mode, 4);
	UT_ASSERT(fv.last_irq.level && fv.last_irq.trig_level);

	/* KPV-HST-020: min above the map is 0 delivered, not an error;
	 * a high window past the map delivers nothing. */
	clear_counts();
	UT_EQ(hc(&vm, true, KVMPV_HC_SEND_IPI, all, all, 256, 0x30), 0);
	UT_EQ(hc(&vm, true, KVMPV_HC_SEND_IPI, all, all, 200, 0x30), 56);
	UT_EQ(hc(&vm, true, KVMPV_HC_SEND_IPI, all, all, 0xffffffffull, 0x30), 0);
	UT_EQ(fv.calls, 56);
	UT_ASSERT(!fv.out_of_range);

	/* KPV-HST-017: IDs without a vCPU are skipped and not counted. */
	vm = fake_reset(127, false);
	fv.present[3] = fv.present[64] = fv.present[127] = 1;
	UT_EQ(hc(&vm, true, KVMPV_HC_SEND_IPI, all, all, 0, 0x30), 3);
	UT_ASSERT(fv.hits[3] == 1 && fv.hits[64] == 1 && fv.hits[127] == 1);

	/* KPV-HST-019: min is 32 bits wide and min + i never wraps. */
	vm = fake_reset(0xffffffffu, true);
	UT_EQ(hc(&vm, true, KVMPV_HC_SEND_IPI, 1ull << 63, all, 0xffffffc0ull, 0x30), 1);
	UT_EQ(fv.log[0], 0xffffffffu);
	clear_counts();
	UT_EQ(hc(&vm, false, KVMPV_HC_SEND_IPI, 1ull << 31, 0xffffffff, 0xffffffe0ull, 0x30), 1);
	UT_EQ(fv.log[0], 0xffffffffu);
	vm = fake_reset(255, true);
	UT_EQ(hc(&vm, true, KVMPV_HC_SEND_IPI, 1, 0, 0x100000005ull, 0x30), 1);
	UT_EQ(fv.log[0], 5);

	/* KPV-HST-021: 32-bit mode ignores bits 63:32; high starts at min + 32. */
	clear_counts();
	UT_EQ(kvmpv_host_send_ipi(&vm, 0xffffffff00000001ull, 0xffffffff00000001ull, 10, 0x30, false), 2);
	UT_ASSERT(fv.hits[10] == 1 && fv.hits[42] == 1 && fv.delivered == 2);

	/* KPV-HST-048: no APIC map yet; the ICR check comes first. */
	vm.has_apic_map = false;
	clear_counts();
	UT_EQ((int64_t)hc(&vm, true, KVMPV_HC_SEND_IPI, 1, 0, 0, 0x30), -KVMPV_EOPNOTSUPP);
	UT_EQ((int64_t)hc(&vm, true, KVMPV_HC_SEND_IPI, 1, 0, 0, 0x830), -KVMPV_EINVAL);
	UT_EQ(fv.calls, 0);
}

/* ---- the hypercall convention -------------------------------------------- */

UT_TEST(kvmpv_hypercall_convention)
{
	struct kvmpv_host_vm vm = fake_reset(15, true);
	const uint64_t unknown[] = { 0, 2, 3, 4, 6, 7, 8, 13, 14, 255, 1000, 0x10000000aull,
				     ~0ull };
	struct kvmpv_hc_regs r;

	/* KPV-HST-009: CPL > 0, whatever the number: -EPERM and nothing done. */
	for (unsigned cpl = 1; cpl < 4; cpl++)
		for (uint64_t nr = 0; nr < 16; nr++) {
			r = (struct kvmpv_hc_regs){ nr, 1, 1, 0, 0x30, cpl, true, 0 };
			UT_EQ((int64_t)kvmpv_hc_dispatch(&vm, &r), -KVMPV_EPERM);
			r.long_mode = false;
			UT_EQ(kvmpv_hc_dispatch(&vm, &r), (uint32_t)-KVMPV_EPERM);
		}
	UT_ASSERT(fv.calls == 0 && fv.kicks == 0 && fv.yields == 0);

	/* KPV-HST-011, -010: unknown numbers; 32-bit results zero-extended. */
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		UT_EQ((int64_t)hc(&vm, true, unknown[i], 1, 1, 0, 0x30), -KVMPV_ENOSYS);
	UT_EQ(hc(&vm, false, 13, 0, 0, 0, 0), 0xfffffc18u);
	UT_EQ(fv.calls, 0);

	/* KPV-HST-010: 32-bit mode truncates the number and the arguments. */
	UT_EQ(hc(&vm, false, 0xffffffff0000000bull, 3, 0, 0, 0), 0);
	UT_ASSERT(fv.yields == 1 && fv.last_yield == 3);
	UT_EQ((int64_t)hc(&vm, true, 0xffffffff0000000bull, 3, 0, 0, 0), -KVMPV_ENOSYS);
	UT_EQ(hc(&vm, false, KVMPV_HC_KICK_CPU, 0, 0x100000004ull, 0, 0), 0);
	UT_ASSERT(fv.kicks == 1 && fv.last_kick == 4);
	UT_EQ(hc(&vm, true, KVMPV_HC_KICK_CPU, 0, 0x100000004ull, 0, 0), 0);
	UT_EQ(fv.kicks, 1);             /* KPV-HST-015: beyond the map */

	/* KPV-HST-013 and the VMM-handled calls. */
	UT_EQ(hc(&vm, true, KVMPV_HC_VAPIC_POLL_IRQ, 1, 2, 3, 4), 0);
	UT_EQ((int64_t)hc(&vm, true, KVMPV_HC_CLOCK_PAIRING, 0x1000, 0, 0, 0), -KVMPV_EOPNOTSUPP);

	/* KPV-HST-014, -022, -023: kick and yield. */
	UT_EQ(hc(&vm, true, KVMPV_HC_KICK_CPU, 0, 9, 0, 0), 0);
	UT_ASSERT(fv.kicks == 2 && fv.last_kick == 9);
	r = (struct kvmpv_hc_regs){ KVMPV_HC_SCHED_YIELD, 6, 0, 0, 0, 0, true, 6 };
	UT_EQ(kvmpv_hc_dispatch(&vm, &r), 0);
	UT_EQ(fv.yields, 1);            /* not to itself */
	r.rbx = 16;
	UT_EQ(kvmpv_hc_dispatch(&vm, &r), 0);
	UT_EQ(fv.yields, 1);            /* not beyond the map */
	r.rbx = 7;
	UT_EQ(kvmpv_hc_dispatch(&vm, &r), 0);
	UT_ASSERT(fv.yields == 2 && fv.last_yield == 7);
	UT_ASSERT(!fv.out_of_range);
}

UT_TEST(kvmpv_hypercall_enforce_cpuid)
{
	struct kvmpv_host_vm vm = fake_reset(15, true);
	const struct { uint64_t nr; unsigned feature; } gated[] = {
		{ KVMPV_HC_KICK_CPU, KVMPV_FEATURE_PV_UNHALT },
		{ KVMPV_HC_SEND_IPI, KVMPV_FEATURE_PV_SEND_IPI },
		{ KVMPV_HC_SCHED_YIELD, KVMPV_FEATURE_PV_SCHED_YIELD },
		{ KVMPV_HC_MAP_GPA_RANGE, KVMPV_FEATURE_HC_MAP_GPA_RANGE },
	};

	for (size_t i = 0; i < sizeof(gated) / sizeof(gated[0]); i++) {
		vm.features = KVMPV_FEATURES_DEFINED & ~KVMPV_BIT(gated[i].feature);
		/* KPV-HST-042: enforced and clear: -ENOSYS, no effect. */
		vm.enforce_cpuid = true;
		clear_counts();
		UT_EQ((int64_t)hc(&vm, true, gated[i].nr, 1, 1, 0, 0x30), -KVMPV_ENOSYS);
		UT_ASSERT(fv.calls == 0 && fv.kicks == 0 && fv.yields == 0);
		/* KPV-HST-043: not enforced: served. */
		vm.enforce_cpuid = false;
		UT_ASSERT((int64_t)hc(&vm, true, gated[i].nr, 1, 1, 0, 0x30) != -KVMPV_ENOSYS);
		/* enforced and set: served. */
		vm.enforce_cpuid = true;
		vm.features = KVMPV_FEATURES_DEFINED;
		UT_ASSERT((int64_t)hc(&vm, true, gated[i].nr, 1, 1, 0, 0x30) != -KVMPV_ENOSYS);
	}
	/* VAPIC_POLL_IRQ has no gate. */
	vm.features = 0;
	UT_EQ(hc(&vm, true, KVMPV_HC_VAPIC_POLL_IRQ, 0, 0, 0, 0), 0);
}

/* ---- random registers against a model ------------------------------------ */

static uint64_t rand_arg(void)
{
	switch (ut_rand() % 6) {
	case 0: return ut_rand();
	case 1: return ut_rand() % 300;
	case 2: return ~0ull;
	case 3: return 1ull << (ut_rand() % 64);
	case 4: return ut_rand() & 0xffffffffull;
	default: return 0xffffffc0ull + ut_rand() % 64;
	}
}

/* What RAX must be, written without the handler's shortcuts. */
static int64_t model(const struct kvmpv_host_vm *vm, const struct kvmpv_hc_regs *r,
		     unsigned *deliveries)
{
	uint64_t m = r->long_mode ? ~0ull : 0xffffffffull;
	uint64_t nr = r->rax & m, a[4] = { r->rbx & m, r->rcx & m, r->rdx & m, r->rsi & m };
	unsigned w = r->long_mode ? 64 : 32;
	int64_t ret;

	*deliveries = 0;
	if (r->cpl)
		ret = -KVMPV_EPERM;
	else if (nr == 1)
		ret = 0;
	else if (nr == 9)
		ret = -KVMPV_EOPNOTSUPP;
	else if ((nr == 5 || nr == 10 || nr == 11 || nr == 12) && vm->enforce_cpuid &&
		 !(vm->features & KVMPV_BIT(nr == 5 ? 7 : nr == 10 ? 11 : nr == 11 ? 13 : 16)))
		ret = -KVMPV_ENOSYS;
	else if (nr == 5 || nr == 11)
		ret = 0;
	else if (nr == 12)
		ret = -KVMPV_EOPNOTSUPP;
	else if (nr == 10) {
		if (a[3] & 0xc0800)
			ret = -KVMPV_EINVAL;
		else if (!vm->has_apic_map)
			ret = -KVMPV_EOPNOTSUPP;
		else {
			ret = 0;
			for (unsigned i = 0; i < 2 * w; i++) {
				uint64_t bm = i < w ? a[0] : a[1];
				uint64_t id = (a[2] & 0xffffffffull) + i;

				if ((bm >> (i % w)) & 1 && id <= vm->max_apic_id &&
				    fake_present((uint32_t)id))
					ret++;
				if ((bm >> (i % w)) & 1 && id <= vm->max_apic_id)
					(*deliveries)++;
			}
		}
	} else
		ret = -KVMPV_ENOSYS;
	return r->long_mode ? ret : (int64_t)(uint32_t)ret;
}

UT_TEST(kvmpv_hypercall_fuzz)
{
	const uint32_t maxes[] = { 0, 1, 31, 63, 64, 127, 128, 1000, FAKE_IDS - 1 };
	uint64_t iters = ut_scaled(200000);

	for (uint64_t it = 0; it < iters; it++) {
		struct kvmpv_host_vm vm;
		struct kvmpv_hc_regs r;
		unsigned calls_expected, kicks0, yields0;
		int64_t want;
		uint64_t got;

		if (it % 256 == 0) {
			uint32_t max = maxes[ut_rand() % (sizeof(maxes) / sizeof(maxes[0]))];

			vm = fake_reset(max, false);
			for (uint32_t id = 0; id <= max; id++)
				fv.present[id] = ut_rand() & 1;
		} else {
			vm = (struct kvmpv_host_vm){ &fake_ops, NULL, true, fv.max_apic_id,
						     KVMPV_FEATURES_DEFINED, false };
		}
		vm.has_apic_map = ut_rand() % 16 != 0;
		vm.enforce_cpuid = ut_rand() & 1;
		vm.features = (uint32_t)ut_rand() & KVMPV_FEATURES_DEFINED;

		r.rax = (ut_rand() % 4) ? ut_rand() % 14 : rand_arg();
		r.rbx = rand_arg();
		r.rcx = rand_arg();
		r.rdx = rand_arg();
		r.rsi = (ut_rand() % 4) ? ut_rand() & 0xff7ff : rand_arg();
		r.cpl = (ut_rand() % 8) ? 0 : (unsigned)(ut_rand() % 4);
		r.long_mode = ut_rand() % 4 != 0;
		r.self_apic_id = (uint32_t)(ut_rand() % 64);

		clear_counts();
		kicks0 = fv.kicks;
		yields0 = fv.yields;
		want = model(&vm, &r, &calls_expected);
		got = kvmpv_hc_dispatch(&vm, &r);
		UT_ASSERT_MSG(got == (uint64_t)want,
			      "iteration %llu: nr=0x%llx a0=0x%llx a1=0x%llx a2=0x%llx a3=0x%llx "
			      "cpl=%u lm=%d: 0x%llx, model 0x%llx", (unsigned long long)it,
			      (unsigned long long)r.rax, (unsigned long long)r.rbx,
			      (unsigned long long)r.rcx, (unsigned long long)r.rdx,
			      (unsigned long long)r.rsi, r.cpl, r.long_mode,
			      (unsigned long long)got, (unsigned long long)want);
		UT_ASSERT_MSG(!fv.out_of_range, "iteration %llu: callback beyond max APIC ID",
			      (unsigned long long)it);
		UT_EQ(fv.calls, calls_expected);
		if (!r.long_mode && (got >> 32))
			UT_ASSERT_MSG(0, "iteration %llu: 32-bit result not zero-extended",
				      (unsigned long long)it);
		if (r.cpl)
			UT_ASSERT(fv.kicks == kicks0 && fv.yields == yields0);
	}
}
