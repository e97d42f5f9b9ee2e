/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * kvmpv_guest.h - guest side of the KVM x86 paravirtual ABIs: feature
 * detection, the decisions a guest makes (which PV operations to use, whom
 * to IPI, whom to yield to, how long to poll) and the readers of the shared
 * records.  Everything takes plain values or caller memory, so it runs and
 * is testable without a CPU that executes CPUID or VMCALL: the caller
 * issues the instructions with what these functions return.
 *
 * Nothing is allocated; no function blocks.  Errors are negative VIRTQ_E*
 * codes (virtq_err.h).  Spec chapter: spec/chapters/kvm-pv.tex.
 */
#ifndef KVMPV_GUEST_H
#define KVMPV_GUEST_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "kvm_pv_abi.h"
#include "virtq_err.h"

/* ---- CPUID detection (kvmpv_cpuid.c) ---------------------------------- */

struct kvmpv_cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* Executes CPUID(leaf, subleaf 0) and stores the four registers. */
typedef void (*kvmpv_cpuid_fn)(void *ctx, uint32_t leaf, struct kvmpv_cpuid_regs *out);

struct kvmpv_features {
	uint32_t base;          /* leaf holding the signature */
	uint32_t max_leaf;      /* highest KVM leaf (EAX of base, 0 read as base + 1) */
	uint32_t features;      /* EAX of base + 1, only the bits defined by the spec */
	uint32_t hints;         /* EDX of base + 1, only the bits defined by the spec */
};

/* True if the registers of a signature leaf carry "KVMKVMKVM\0\0\0". */
bool kvmpv_cpuid_is_signature(const struct kvmpv_cpuid_regs *r);

/* Scans the hypervisor leaves for the KVM signature (KPV-GST-001, -002,
 * -004).  Returns 0 and fills *out, or -VIRTQ_EINVAL when no KVM leaves
 * exist (then *out is all zero and no feature may be used, KPV-GST-003). */
int kvmpv_cpuid_probe(kvmpv_cpuid_fn cpuid, void *ctx, struct kvmpv_features *out);

static inline bool kvmpv_has_feature(const struct kvmpv_features *f, unsigned bit)
{
	return bit < 32 && (f->features >> bit) & 1u;
}

static inline bool kvmpv_has_hint(const struct kvmpv_features *f, unsigned bit)
{
	return bit < 32 && (f->hints >> bit) & 1u;
}

/* ---- Which PV operations to use (kvmpv_guest_policy.c) ---------------- */

struct kvmpv_guest_env {
	uint32_t nr_possible_cpus;
	bool cpu_has_mwait;     /* CPUID.01H:ECX.MONITOR visible to the guest */
};

struct kvmpv_guest_policy {
	bool steal_time;        /* register steal-time records */
	bool pv_eoi;            /* register PV EOI words */
	bool pv_spinlock;       /* halt in lock waits, kick with HC_KICK_CPU */
	bool pv_send_ipi;       /* HC_SEND_IPI for multi-target IPIs */
	bool pv_tlb_flush;      /* FLUSH_TLB instead of IPIs to preempted vCPUs */
	bool pv_sched_yield;    /* HC_SCHED_YIELD to preempted IPI targets */
	bool haltpoll;          /* poll before halting, host polling off */
};

/* KPV-GST-003, -015, -022, -023, -026, -027, -028. */
void kvmpv_guest_policy(const struct kvmpv_features *f, const struct kvmpv_guest_env *env,
			struct kvmpv_guest_policy *out);

/* ---- PV send-IPI window builder (kvmpv_send_ipi.c) -------------------- */

/* One HC_SEND_IPI: a0 = low, a1 = high, a2 = min (a3 = the ICR). */
struct kvmpv_ipi_call {
	uint64_t low;
	uint64_t high;
	uint32_t min;
};

/*
 * Turns a set of APIC IDs (any order; duplicates allowed) into the fewest
 * HC_SEND_IPI calls that cover exactly the set (KPV-GST-011, -012): each
 * window starts at the lowest ID not yet covered and spans 128 IDs in
 * 64-bit mode, 64 otherwise.  Sorts apic_ids in place.  out needs at most n
 * entries.  Returns the number of calls, or -VIRTQ_ENOSPC if max_out is too
 * small (out then holds the first max_out calls).
 */
int kvmpv_ipi_build(uint32_t *apic_ids, size_t n, bool long_mode,
		    struct kvmpv_ipi_call *out, size_t max_out);

/* The ICR value (a3) for a fixed-delivery IPI with this vector:
 * physical destination mode, no shorthand (KPV-GST-010). */
static inline uint64_t kvmpv_ipi_icr_fixed(uint8_t vector)
{
	return KVMPV_ICR_DM_FIXED | vector;
}

/* ---- PV TLB flush (kvmpv_tlb_flush.c) --------------------------------- */

/*
 * KPV-GST-020: if the vCPU owning st is preempted, atomically add
 * FLUSH_TLB to its preempted byte and return true (the caller skips the
 * IPI: the host flushes before the vCPU runs again).  Returns false when
 * the vCPU is running (or the host cleared PREEMPTED concurrently): the
 * caller sends the flush IPI.
 */
bool kvmpv_tlb_flush_defer(volatile struct kvmpv_steal_time *st);

/*
 * For n targets with steal-time records st[i], decides each one and
 * writes the indices i that still need an IPI to ipi[] (room for n).
 * Returns how many.
 */
size_t kvmpv_tlb_flush_filter(volatile struct kvmpv_steal_time *const st[], size_t n,
			      uint32_t ipi[]);

/* ---- Sched-yield target (kvmpv_sched_yield.c) ------------------------- */

struct kvmpv_yield_cand {
	uint32_t apic_id;
	const volatile struct kvmpv_steal_time *st;
	bool idle;              /* the guest knows this CPU is idle */
};

/*
 * KPV-GST-014: the first candidate (in order) other than self that is not
 * idle and whose preempted byte has PREEMPTED.  Returns true and its APIC
 * ID in *apic_id, or false (do not yield).
 */
bool kvmpv_sched_yield_pick(const struct kvmpv_yield_cand *c, size_t n, uint32_t self_apic_id,
			    uint32_t *apic_id);

/* ---- Steal-time reader (kvmpv_steal_read.c) --------------------------- */

struct kvmpv_steal_snapshot {
	uint64_t steal;
	uint32_t version;       /* the (even) version the snapshot belongs to */
};

/*
 * KPV-GST-018: reads steal under the version protocol.  max_tries bounds
 * the retries (0 = retry until consistent).  Returns 0, or -VIRTQ_EBROKEN
 * if no consistent snapshot was seen in max_tries attempts.
 */
int kvmpv_steal_time_read(const volatile struct kvmpv_steal_time *st, unsigned max_tries,
			  struct kvmpv_steal_snapshot *out);

/* ---- PV EOI (kvmpv_pv_eoi.c) ------------------------------------------ */

/* KPV-GST-024: called on the vCPU that owns word (4-byte aligned, in
 * guest RAM, registered with MSR_PV_EOI_EN), at EOI time.  Clears bit 0 in
 * one atomic step and returns true if it was set (the host allowed the EOI
 * to be skipped); false means: write the APIC EOI register. */
bool kvmpv_pv_eoi_skip(volatile uint32_t *word);

/* ---- Guest halt polling (kvmpv_haltpoll.c, informative spec text) ----- */

struct kvmpv_haltpoll_params {
	uint32_t max_ns;        /* guest_halt_poll_ns: 200000 */
	uint32_t grow;          /* 2 */
	uint32_t grow_start_ns; /* 50000 */
	uint32_t shrink;        /* 2; 0 = drop to 0 */
	bool allow_shrink;      /* true */
};

#define KVMPV_HALTPOLL_PARAMS_DEFAULT { 200000u, 2u, 50000u, 2u, true }

enum kvmpv_idle_state {
	KVMPV_IDLE_POLL = 0,
	KVMPV_IDLE_HALT = 1,
};

struct kvmpv_haltpoll_state {
	uint32_t limit_ns;      /* current poll limit; starts at 0 */
	uint8_t last;           /* enum kvmpv_idle_state of the last idle period */
	bool poll_timed_out;    /* the last poll ended because the limit ran out */
};

/* What to do at the next idle entry. */
enum kvmpv_idle_state kvmpv_haltpoll_select(const struct kvmpv_haltpoll_state *s);

/* The new limit after an idle period that ended after block_ns in a halt. */
uint32_t kvmpv_haltpoll_adjust(const struct kvmpv_haltpoll_params *p, uint32_t limit_ns,
			       uint64_t block_ns);

/* The state after an idle period spent in `used`, lasting idle_ns; for a
 * poll, timed_out says whether it ran to the limit. */
struct kvmpv_haltpoll_state kvmpv_haltpoll_step(const struct kvmpv_haltpoll_params *p,
						struct kvmpv_haltpoll_state s,
						enum kvmpv_idle_state used, uint64_t idle_ns,
						bool timed_out);

#endif /* KVMPV_GUEST_H */
