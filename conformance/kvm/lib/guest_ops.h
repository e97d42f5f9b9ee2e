/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * guest_ops.h - a table of guest operations (RDMSR, WRMSR, hypercall,
 * CPUID) that the host fills in guest memory and one guest function
 * executes in order, recording for each the exception vector it raised
 * and the values it returned.  Most tests are such tables, so that a
 * failure names the MSR or hypercall case.
 */
#ifndef PVC_KVM_GUEST_OPS_H
#define PVC_KVM_GUEST_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "pvc_kvm.h"

enum kt_op_kind {
	KT_OP_RDMSR = 1,     /* msr -> val */
	KT_OP_WRMSR,         /* msr <- val */
	KT_OP_HYPERCALL,     /* nr, a[0..3] -> ret; insn selects the instruction */
	KT_OP_CPUID,         /* leaf msr, subleaf a[0] -> r[0..3] = EAX..EDX */
};

enum kt_hc_insn {
	KT_HC_NATIVE = 0,    /* the CPU vendor's instruction */
	KT_HC_VMCALL,
	KT_HC_VMMCALL,
};

struct kt_op {
	uint32_t kind;
	uint32_t msr;        /* MSR index or CPUID leaf */
	uint32_t insn;
	uint32_t vector;     /* out: KVM_NO_VECTOR or the exception raised */
	uint64_t nr;
	uint64_t a[4];
	uint64_t val;        /* in: WRMSR value; out: RDMSR value */
	int64_t ret;         /* out: hypercall result */
	uint32_t r[4];       /* out: CPUID */
	const char *what;    /* host-side label for messages (not read by the guest) */
};

struct kt_ops {
	uint64_t n;
	struct kt_op op[];
};

/* Guest entry points: arg is the GPA of a struct kt_ops. */
void guest_run_ops(uint64_t arg);
/* The same at CPL 3 (IOPL 3 so the ucall still works). */
void guest_run_ops_user(uint64_t arg);

/* Copy ops into fresh guest memory; returns the guest's copy (host view). */
struct kt_ops *kt_ops_place(struct kt_ctx *t, struct kvm_vm *vm, const struct kt_op *ops,
			    unsigned n, uint64_t *gpa);
/* Run vcpu (added with guest_run_ops*) to DONE; false if it did not get there. */
bool kt_ops_run(struct kt_ctx *t, struct kvm_vcpu *vcpu, const char *id);

/* guest_entry.S: iretq to fn(arg) at CPL 3 on stack `rsp`. */
void kvm_guest_call_user(uint64_t fn, uint64_t arg, uint64_t rsp);

#define KT_RDMSR(m, w)        { .kind = KT_OP_RDMSR, .msr = (m), .what = (w) }
#define KT_WRMSR(m, v, w)     { .kind = KT_OP_WRMSR, .msr = (m), .val = (v), .what = (w) }
#define KT_HC(n, a0, a1, a2, a3, w) \
	{ .kind = KT_OP_HYPERCALL, .nr = (n), .a = { (a0), (a1), (a2), (a3) }, .what = (w) }
#define KT_HC_INSN(i, n, a0, w) \
	{ .kind = KT_OP_HYPERCALL, .insn = (i), .nr = (n), .a = { (a0) }, .what = (w) }
#define KT_CPUID(l, s, w)     { .kind = KT_OP_CPUID, .msr = (l), .a = { (s) }, .what = (w) }

#endif /* PVC_KVM_GUEST_OPS_H */
