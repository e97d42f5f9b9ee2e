// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvm_x86.c - long-mode page tables, descriptor tables and registers.
 */
#include <cpuid.h>
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm_guest.h"
#include "kvm_x86.h"

#define PTE_P   0x1ull
#define PTE_W   0x2ull
#define PTE_U   0x4ull   /* user pages: the CPL 3 test runs on them */
#define PTE_PS  0x80ull

#define CR0_PE  0x1ull
#define CR0_MP  0x2ull
#define CR0_ET  0x10ull
#define CR0_NE  0x20ull
#define CR0_WP  0x10000ull
#define CR0_PG  0x80000000ull
#define CR4_PAE 0x20ull
#define CR4_OSFXSR 0x200ull
#define CR4_OSXMMEXCPT 0x400ull
#define EFER_SCE 0x1ull
#define EFER_LME 0x100ull
#define EFER_LMA 0x400ull

bool kvm_x86_host_is_amd(void)
{
	unsigned a, b, c, d;

	__cpuid(0, a, b, c, d);
	(void)a;
	/* "AuthenticAMD" / "HygonGenuine": SVM, hypercall is VMMCALL */
	return (b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163) ||
	       (b == 0x6f677948 && d == 0x6e65476e && c == 0x656e6975);
}

static void put64(struct kvm_vm *vm, uint64_t gpa, uint64_t v)
{
	memcpy(vm->low + gpa, &v, sizeof(v));
}

/* Flat 64-bit code/data descriptors. */
static uint64_t seg_desc(unsigned type, unsigned dpl, bool code)
{
	uint64_t d = 0xffffull | (0xfull << 48);     /* limit 0xfffff */

	d |= (uint64_t)type << 40;                    /* type */
	d |= 1ull << 44;                              /* S: code/data */
	d |= (uint64_t)dpl << 45;
	d |= 1ull << 47;                              /* P */
	d |= 1ull << 55;                              /* G */
	if (code)
		d |= 1ull << 53;                      /* L: 64-bit code */
	else
		d |= 1ull << 54;                      /* D/B */
	return d;
}

void kvm_x86_setup_tables(struct kvm_vm *vm)
{
	/* Identity map [0, 1 GiB) with 2 MiB pages, user-accessible. */
	put64(vm, KVM_GPA_PML4, KVM_GPA_PDPT | PTE_P | PTE_W | PTE_U);
	put64(vm, KVM_GPA_PDPT, KVM_GPA_PD | PTE_P | PTE_W | PTE_U);
	for (uint64_t i = 0; i < 512; i++)
		put64(vm, KVM_GPA_PD + 8 * i, (i << 21) | PTE_P | PTE_W | PTE_U | PTE_PS);

	put64(vm, KVM_GPA_GDT + 0x00, 0);
	put64(vm, KVM_GPA_GDT + KVM_SEL_CODE, seg_desc(0xb, 0, true));
	put64(vm, KVM_GPA_GDT + KVM_SEL_DATA, seg_desc(0x3, 0, false));
	put64(vm, KVM_GPA_GDT + KVM_SEL_UDATA, seg_desc(0x3, 3, false));
	put64(vm, KVM_GPA_GDT + KVM_SEL_UCODE, seg_desc(0xb, 3, true));
	/* 64-bit TSS descriptor (16 bytes), type 9 = available */
	put64(vm, KVM_GPA_GDT + KVM_SEL_TSS,
	      0x67ull | ((KVM_GPA_TSS & 0xffffffull) << 16) | (0x9ull << 40) | (1ull << 47) |
	      ((KVM_GPA_TSS >> 24 & 0xff) << 56));
	put64(vm, KVM_GPA_GDT + KVM_SEL_TSS + 8, KVM_GPA_TSS >> 32);
	/* TSS.RSP0 (offset 4): the stack for a switch from CPL 3 to CPL 0 */
	put64(vm, KVM_GPA_TSS + 4, KVM_GPA_RING0_STK + KVM_STACK_SIZE);

	/* IDT: 256 interrupt gates to the stubs of guest_entry.S */
	for (uint64_t v = 0; v < 256; v++) {
		uint64_t off = (uint64_t)(uintptr_t)kvm_guest_vectors + 16 * v;
		uint64_t lo = (off & 0xffff) | ((uint64_t)KVM_SEL_CODE << 16) |
			      (0x8eull << 40) | ((off >> 16 & 0xffff) << 48);

		put64(vm, KVM_GPA_IDT + 16 * v, lo);
		put64(vm, KVM_GPA_IDT + 16 * v + 8, off >> 32);
	}
}

static void flat_seg(struct kvm_segment *s, uint16_t sel, uint8_t type, bool code)
{
	memset(s, 0, sizeof(*s));
	s->base = 0;
	s->limit = 0xffffffff;
	s->selector = sel;
	s->type = type;
	s->present = 1;
	s->dpl = 0;
	s->s = 1;
	s->g = 1;
	s->l = code;
	s->db = !code;
}

int kvm_x86_vcpu_setup(struct kvm_vcpu *vcpu, void (*fn)(uint64_t), uint64_t arg)
{
	struct kvm_vm *vm = vcpu->vm;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	uint64_t top = KVM_GPA_STACKS + (vcpu->slot + 1) * KVM_STACK_SIZE;

	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs))
		return -1;
	flat_seg(&sregs.cs, KVM_SEL_CODE, 0xb, true);
	flat_seg(&sregs.ds, KVM_SEL_DATA, 0x3, false);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	memset(&sregs.tr, 0, sizeof(sregs.tr));
	sregs.tr.base = KVM_GPA_TSS;
	sregs.tr.limit = 0x67;
	sregs.tr.selector = KVM_SEL_TSS;
	sregs.tr.type = 0xb;          /* busy 64-bit TSS */
	sregs.tr.present = 1;
	sregs.gdt.base = KVM_GPA_GDT;
	sregs.gdt.limit = KVM_SEL_TSS + 16 - 1;
	sregs.idt.base = KVM_GPA_IDT;
	sregs.idt.limit = 256 * 16 - 1;
	sregs.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
	sregs.cr3 = KVM_GPA_PML4;
	sregs.cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
	sregs.efer = EFER_SCE | EFER_LME | EFER_LMA;
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &sregs))
		return -1;

	/* fn(arg) returns into kvm_guest_done, which reports KVM_UCALL_DONE */
	top -= 8;
	put64(vm, top, (uint64_t)(uintptr_t)kvm_guest_done);
	memset(&regs, 0, sizeof(regs));
	regs.rip = (uint64_t)(uintptr_t)fn;
	regs.rsp = top;
	regs.rdi = arg;
	regs.rflags = 0x2;            /* reserved bit 1; IF clear */
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs))
		return -1;
	/* APs start waiting for INIT/SIPI with an in-kernel local APIC: every
	 * vCPU here starts directly at fn */
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_RUNNABLE };

	return ioctl(vcpu->fd, KVM_SET_MP_STATE, &mp) ? -1 : 0;
}
