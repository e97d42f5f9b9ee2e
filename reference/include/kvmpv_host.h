/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * kvmpv_host.h - host side of the KVM x86 paravirtual ABIs: handlers a
 * hypervisor or VMM calls on a hypercall exit or an MSR access, and the
 * steal-time record updater.  The handlers validate every guest-supplied
 * value; the VMM's own callbacks (struct kvmpv_host_ops) are only ever
 * called with an APIC ID <= max_apic_id.
 *
 * Nothing is allocated.  Errors are negative VIRTQ_E* codes (virtq_err.h);
 * hypercall results are the guest-visible RAX values (negated KVMPV_E*).
 * Spec chapter: spec/chapters/kvm-pv.tex (KPV-HST-*).
 */
#ifndef KVMPV_HOST_H
#define KVMPV_HOST_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "kvm_pv_abi.h"
#include "virtq_err.h"

/* An interrupt as HC_SEND_IPI decodes it from the ICR (a3). */
struct kvmpv_irq {
	uint8_t vector;
	uint8_t delivery_mode;  /* ICR bits 10:8, shifted down */
	bool level;             /* ICR bit 14 */
	bool trig_level;        /* ICR bit 15 */
};

/* What the VMM provides.  apic_id is always <= the VM's max_apic_id. */
struct kvmpv_host_ops {
	/* Deliver irq to the vCPU with this APIC ID; return 1 if delivered,
	 * 0 if no vCPU has that ID (or the APIC refused it). */
	int (*deliver)(void *ctx, uint32_t apic_id, const struct kvmpv_irq *irq);
	/* Wake the vCPU with this APIC ID from a PV halt (KPV-HST-014). */
	void (*kick)(void *ctx, uint32_t apic_id);
	/* Yield the caller's time slice to this vCPU if it is runnable and
	 * not running (KPV-HST-024); never called with the caller's own ID. */
	void (*yield_to)(void *ctx, uint32_t apic_id);
};

struct kvmpv_host_vm {
	const struct kvmpv_host_ops *ops;
	void *ctx;
	bool has_apic_map;      /* false: no APIC map yet (HC_SEND_IPI gives -EOPNOTSUPP) */
	uint32_t max_apic_id;   /* highest APIC ID a vCPU may have */
	uint32_t features;      /* EAX of the guest's leaf base + 1 */
	bool enforce_cpuid;     /* KVM_CAP_ENFORCE_PV_FEATURE_CPUID */
};

/* The registers of a hypercall exit. */
struct kvmpv_hc_regs {
	uint64_t rax, rbx, rcx, rdx, rsi;
	unsigned cpl;           /* current privilege level, 0..3 */
	bool long_mode;         /* vCPU in 64-bit mode (CS.L = 1 and EFER.LMA) */
	uint32_t self_apic_id;  /* APIC ID of the calling vCPU */
};

/*
 * Handles one hypercall (KPV-HST-008..013, -042): returns the value to put
 * in RAX (truncated and zero-extended to 32 bits outside 64-bit mode).
 * HC_CLOCK_PAIRING and HC_MAP_GPA_RANGE need guest memory and host clocks:
 * they return -KVMPV_EOPNOTSUPP here; a VMM handles them before calling.
 */
uint64_t kvmpv_hc_dispatch(const struct kvmpv_host_vm *vm, const struct kvmpv_hc_regs *r);

/* HC_SEND_IPI with a0..a3 (KPV-HST-016..021).  Returns the count of vCPUs
 * delivered to, -KVMPV_EINVAL or -KVMPV_EOPNOTSUPP. */
int64_t kvmpv_host_send_ipi(const struct kvmpv_host_vm *vm, uint64_t low, uint64_t high,
			    uint64_t min, uint64_t icr, bool long_mode);

/* HC_KICK_CPU (KPV-HST-014, -015).  Returns 0. */
int64_t kvmpv_host_kick_cpu(const struct kvmpv_host_vm *vm, uint64_t flags, uint64_t apic_id);

/* HC_SCHED_YIELD (KPV-HST-022..024).  Returns 0. */
int64_t kvmpv_host_sched_yield(const struct kvmpv_host_vm *vm, uint32_t self_apic_id,
			       uint64_t apic_id);

/* ---- MSRs (kvmpv_msr_handler.c) ---------------------------------------- */

struct kvmpv_vcpu_msrs {
	uint64_t wall_clock;
	uint64_t system_time;
	uint64_t wall_clock_old;
	uint64_t system_time_old;
	uint64_t async_pf_en;
	uint64_t async_pf_int;
	uint64_t steal_time;
	uint64_t pv_eoi_en;
	uint64_t poll_control;
	uint64_t migration_control;
};

/* Not one of the KVM PV MSRs: the caller handles it. */
#define KVMPV_MSR_UNHANDLED 1

/* After vCPU reset: everything 0, POLL_CONTROL 1 (KPV-HST-038). */
void kvmpv_msrs_reset(struct kvmpv_vcpu_msrs *m);

/*
 * WRMSR: 0 = accepted (m updated), -VIRTQ_EINVAL = inject #GP (m
 * unchanged; KPV-HST-026, -027, -041), KVMPV_MSR_UNHANDLED.  The caller
 * then (un)maps the area the new value names.
 */
int kvmpv_msr_write(const struct kvmpv_host_vm *vm, struct kvmpv_vcpu_msrs *m, uint32_t msr,
		    uint64_t val);

/* RDMSR: 0 and *val, -VIRTQ_EINVAL = #GP, or KVMPV_MSR_UNHANDLED. */
int kvmpv_msr_read(const struct kvmpv_host_vm *vm, const struct kvmpv_vcpu_msrs *m,
		   uint32_t msr, uint64_t *val);

/* The gating feature bit of a PV MSR, or -1 if msr is not one. */
int kvmpv_msr_feature(uint32_t msr);

/* KPV-HST-039: may the host poll before blocking a halted vCPU? */
static inline bool kvmpv_host_may_halt_poll(const struct kvmpv_vcpu_msrs *m)
{
	return (m->poll_control & KVMPV_POLL_CONTROL_HOST_POLL) != 0;
}

/* KPV-HST-044: the feature leaf EAX as the guest sees it, given the VMM's
 * choice and the exits it disabled (KVMPV_DISABLE_EXITS_*). */
uint32_t kvmpv_host_cpuid_features(uint32_t vmm_features, uint32_t disabled_exits);

/* ---- Steal-time updater (kvmpv_steal_update.c) ------------------------- */

struct kvmpv_steal_host {
	volatile struct kvmpv_steal_time *rec;  /* mapped record, NULL = disabled */
	uint64_t steal;         /* shadow of what the host published */
	uint32_t version;       /* shadow of the last even version published */
	bool pv_tlb_flush;      /* PV_TLB_FLUSH offered to this vCPU */
	bool preempted_set;     /* PREEMPTED published and not yet cleared */
};

/* The record was (re)enabled at rec (64-byte aligned, mapped by the
 * caller).  Takes over the guest's steal and an even version. */
void kvmpv_steal_enable(struct kvmpv_steal_host *h, volatile struct kvmpv_steal_time *rec,
			bool pv_tlb_flush);

/* Result bit of kvmpv_steal_enter(): the guest asked for a TLB flush. */
#define KVMPV_STEAL_FLUSH_TLB 1u

/*
 * vCPU entry (before guest code runs): clears preempted with one atomic
 * exchange (KPV-HST-032, -034) and publishes steal += delta_ns inside a
 * version bracket (KPV-HST-029, -030).  Returns KVMPV_STEAL_FLUSH_TLB if
 * the guest set FLUSH_TLB: the caller flushes the vCPU's TLB before
 * entering the guest.
 */
unsigned kvmpv_steal_enter(struct kvmpv_steal_host *h, uint64_t delta_ns);

/* vCPU scheduled out.  preempted: taken off while runnable (KPV-HST-033). */
void kvmpv_steal_put(struct kvmpv_steal_host *h, bool preempted);

#endif /* KVMPV_HOST_H */
