// SPDX-License-Identifier: GPL-2.0-only
/*
 * guest_ops.c - the guest operation table interpreter (guest side) and
 * its host-side helpers.
 */
#include <string.h>

#include "guest_ops.h"
#include "kvm_guest.h"

KVM_GUEST_INLINE long hc_with(uint32_t insn, uint64_t nr, const uint64_t *a)
{
	long ret;

	if (insn == KT_HC_NATIVE)
		return guest_hypercall(nr, a[0], a[1], a[2], a[3]);
	if (insn == KT_HC_VMMCALL)
		__asm__ volatile("vmmcall" : "=a"(ret)
				 : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]) : "memory");
	else
		__asm__ volatile("vmcall" : "=a"(ret)
				 : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]) : "memory");
	return ret;
}

KVM_GUEST_CODE void guest_run_ops(uint64_t arg)
{
	struct kt_ops *ops = (struct kt_ops *)(uintptr_t)arg;

	for (uint64_t i = 0; i < ops->n; i++) {
		struct kt_op *op = &ops->op[i];

		op->vector = KVM_NO_VECTOR;
		switch (op->kind) {
		case KT_OP_RDMSR:
			op->vector = guest_rdmsr_safe(op->msr, &op->val);
			break;
		case KT_OP_WRMSR:
			op->vector = guest_wrmsr_safe(op->msr, op->val);
			break;
		case KT_OP_HYPERCALL:
			op->ret = hc_with(op->insn, op->nr, op->a);
			break;
		case KT_OP_CPUID:
			guest_cpuid(op->msr, (uint32_t)op->a[0], op->r);
			break;
		default:
			GUEST_ASSERT(0, i, op->kind);
		}
	}
}

KVM_GUEST_CODE void guest_run_ops_user(uint64_t arg)
{
	/* user stack: 4 KiB below the kernel stack pointer, return to DONE */
	uint64_t rsp;

	__asm__ volatile("movq %%rsp, %0" : "=r"(rsp));
	rsp = ((rsp - 4096) & ~0xfull) - 8;
	*(volatile uint64_t *)(uintptr_t)rsp = (uint64_t)(uintptr_t)kvm_guest_done;
	kvm_guest_call_user((uint64_t)(uintptr_t)guest_run_ops, arg, rsp);
}

struct kt_ops *kt_ops_place(struct kt_ctx *t, struct kvm_vm *vm, const struct kt_op *ops,
			    unsigned n, uint64_t *gpa)
{
	size_t sz = sizeof(struct kt_ops) + n * sizeof(struct kt_op);
	struct kt_ops *g;

	*gpa = kvm_vm_alloc(vm, sz, 64);
	if (!*gpa)
		kt_error(t, "%s", kvm_vm_error());
	g = kvm_vm_hva(vm, *gpa, sz);
	g->n = n;
	memcpy(g->op, ops, n * sizeof(*ops));
	return g;
}

bool kt_ops_run(struct kt_ctx *t, struct kvm_vcpu *vcpu, const char *id)
{
	struct kvm_ucall uc;

	return kt_run(t, vcpu, KVM_UCALL_DONE, id, &uc);
}
