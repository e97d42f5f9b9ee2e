// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_host_fuzz.c - libFuzzer target for the KVM PV host handlers: the
 * hypercall dispatcher (with SEND_IPI, KICK_CPU, SCHED_YIELD), the MSR
 * handler and the steal-time updater, driven by arbitrary bytes.  Aborts
 * on a broken invariant:
 *   - no VMM callback sees an APIC ID above max_apic_id (KPV-HST-015, -020, -023);
 *   - a 32-bit caller gets a zero-extended 32-bit result (KPV-HST-010);
 *   - CPL > 0 has no effect (KPV-HST-009);
 *   - SEND_IPI delivers at most one per set bit, and returns what it delivered;
 *   - a refused WRMSR leaves the MSRs unchanged (KPV-HST-026);
 *   - the published steal never decreases and the resting version is even.
 *
 *   make fuzz-kvmpv                          build (clang -fsanitize=fuzzer)
 *   build/fuzz/kvmpv-host-fuzz -max_total_time=60
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "kvmpv_host.h"

struct in {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct in *in, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v |= (uint64_t)*in->p << (8 * i);
	return v;
}

static uint32_t max_id;
static unsigned delivered, calls_in_hc;

static int f_deliver(void *ctx, uint32_t id, const struct kvmpv_irq *irq)
{
	(void)ctx;
	(void)irq;
	if (id > max_id)
		abort();
	calls_in_hc++;
	delivered += (id & 3) != 0;     /* every fourth ID has no vCPU */
	return (id & 3) != 0;
}

static void f_kick(void *ctx, uint32_t id)
{
	(void)ctx;
	if (id > max_id)
		abort();
	calls_in_hc++;
}

static void f_yield(void *ctx, uint32_t id)
{
	(void)ctx;
	if (id > max_id)
		abort();
	calls_in_hc++;
}

static const struct kvmpv_host_ops ops = { f_deliver, f_kick, f_yield };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static _Alignas(64) struct kvmpv_steal_time rec;
	struct in in = { data, size };
	struct kvmpv_host_vm vm;
	struct kvmpv_vcpu_msrs m, before;
	struct kvmpv_steal_host sh;
	uint64_t last_steal = 0;

	max_id = (uint32_t)take(&in, 4);
	vm = (struct kvmpv_host_vm){ &ops, NULL, take(&in, 1) & 1, max_id,
				     (uint32_t)take(&in, 4), take(&in, 1) & 1 };
	kvmpv_msrs_reset(&m);
	memset(&rec, 0, sizeof(rec));
	kvmpv_steal_enable(&sh, &rec, true);

	while (in.n) {
		switch (take(&in, 1) % 4) {
		case 0: {       /* a hypercall */
			struct kvmpv_hc_regs r;
			uint64_t ret;
			unsigned bits;

			r.rax = take(&in, 1) & 0x80 ? take(&in, 8) : take(&in, 1) % 16;
			r.rbx = take(&in, 8);
			r.rcx = take(&in, 8);
			r.rdx = take(&in, 8);
			r.rsi = take(&in, 8);
			r.cpl = (unsigned)take(&in, 1) % 4;
			r.long_mode = take(&in, 1) & 1;
			r.self_apic_id = (uint32_t)take(&in, 4);
			delivered = calls_in_hc = 0;
			ret = kvmpv_hc_dispatch(&vm, &r);
			if (!r.long_mode && ret >> 32)
				abort();
			if (r.cpl && calls_in_hc)
				abort();
			bits = (unsigned)__builtin_popcountll(r.long_mode ? r.rbx : (uint32_t)r.rbx) +
			       (unsigned)__builtin_popcountll(r.long_mode ? r.rcx : (uint32_t)r.rcx);
			if ((r.long_mode ? r.rax : (uint32_t)r.rax) == KVMPV_HC_SEND_IPI && r.cpl == 0 &&
			    (int64_t)(r.long_mode ? ret : (uint64_t)(int64_t)(int32_t)ret) >= 0) {
				if (calls_in_hc > bits)
					abort();
				if ((r.long_mode ? ret : (uint32_t)ret) != delivered)
					abort();
			}
			break;
		}
		case 1: {       /* a WRMSR */
			uint32_t msr = 0x4b564d00u + (uint32_t)(take(&in, 1) % 12);
			uint64_t val = take(&in, 8);
			int rc;

			if (take(&in, 1) & 1)
				msr = (msr & 1) ? 0x11 : 0x12;
			before = m;
			rc = kvmpv_msr_write(&vm, &m, msr, val);
			if (rc != 0 && memcmp(&before, &m, sizeof(m)))
				abort();
			break;
		}
		case 2: {       /* vCPU entry: a non-zero delta publishes */
			uint64_t delta = take(&in, 4);

			kvmpv_steal_enter(&sh, delta);
			if (delta && ((rec.version & 1) || rec.steal < last_steal))
				abort();
			if (delta)
				last_steal = rec.steal;
			break;
		}
		default:        /* vCPU put, and a guest writing junk into the record */
			kvmpv_steal_put(&sh, take(&in, 1) & 1);
			if (take(&in, 1) == 0xff) {
				rec.steal = take(&in, 8);
				rec.version = (uint32_t)take(&in, 4);
				rec.preempted = (uint8_t)take(&in, 1);
				last_steal = sh.steal;
			}
			break;
		}
	}
	return 0;
}
