/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * guest_entry.S - guest interrupt/exception stubs and the return path of
 * guest functions.  Constants mirror kvm_vm.h (KVM_UCALL_*, KVM_FIXUP_MAGIC).
 *
 * Stub v is at kvm_guest_vectors + 16 * v.  Each pushes a zero error code
 * when the CPU pushes none, then the vector, and joins the common path:
 *   - exceptions (v < 32) with %r11 == KVM_FIXUP_MAGIC: %r11 = v and resume
 *     at %r10 (guest_rdmsr_safe / guest_wrmsr_safe);
 *   - other exceptions: KVM_UCALL_UNHANDLED with vector, rip, error code;
 *   - interrupts (v >= 32): count in kvm_guest_irq_count[v], x2APIC EOI;
 *     for PV_EOI_VECTOR the EOI is skipped when the host had set bit 0 of
 *     kvm_guest_pv_eoi_word (KPV-GST-024).
 */
#define UCALL_PORT      0xe0
#define UCALL_DONE      3
#define UCALL_UNHANDLED 4
#define FIXUP_MAGIC     0x46495855
#define PV_EOI_VECTOR   0xe0    /* KVM_PV_EOI_VECTOR in kvm_guest.h */

	.text
	.globl kvm_guest_vectors
	.balign 16
kvm_guest_vectors:
	.set vec, 0
	.rept 256
	.balign 16
	.if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq $0
	.endif
	pushq $vec
	jmp kvm_guest_int_common
	.set vec, vec + 1
	.endr

kvm_guest_int_common:
	cmpq $32, (%rsp)
	jae 3f
	cmpq $FIXUP_MAGIC, %r11
	jne 2f
	/* frame: vector, error code, rip, cs, rflags, rsp, ss */
	movq (%rsp), %r11
	movq %r10, 16(%rsp)
	addq $16, %rsp
	iretq
2:	movq (%rsp), %rdi
	movq 8(%rsp), %rcx
	movq 16(%rsp), %rsi
	movl $UCALL_UNHANDLED, %eax
	movw $UCALL_PORT, %dx
	outb %al, %dx
1:	hlt
	jmp 1b
3:	pushq %rax
	pushq %rcx
	pushq %rdx
	movq 24(%rsp), %rax
	leaq kvm_guest_irq_count(%rip), %rcx
	lock incq (%rcx,%rax,8)
	cmpq $PV_EOI_VECTOR, %rax
	jne 7f
	/* PV EOI: clear bit 0 of the word in one locked RMW; set = EOI skipped */
	lock btrl $0, kvm_guest_pv_eoi_word(%rip)
	jnc 7f
	lock incq kvm_guest_pv_eoi_skipped(%rip)
	jmp 8f
7:	movl $0x80b, %ecx       /* x2APIC EOI */
	xorl %eax, %eax
	xorl %edx, %edx
	wrmsr
8:	popq %rdx
	popq %rcx
	popq %rax
	addq $16, %rsp
	iretq

	.globl kvm_guest_done
kvm_guest_done:
	movl $UCALL_DONE, %eax
	movw $UCALL_PORT, %dx
	outb %al, %dx
	jmp kvm_guest_done

/* kvm_guest_call_user(fn, arg, rsp): iretq to fn(arg) at CPL 3, IOPL 3 */
	.globl kvm_guest_call_user
kvm_guest_call_user:
	pushq $(0x18 | 3)       /* SS: user data */
	pushq %rdx              /* RSP */
	pushq $0x3002           /* RFLAGS: IOPL 3, IF clear */
	pushq $(0x20 | 3)       /* CS: user code */
	pushq %rdi              /* RIP */
	movq %rsi, %rdi
	iretq

/*
 * uint64_t kvm_guest_hc_regs(uint64_t nr, uint64_t use_vmmcall): issue
 * hypercall nr with every general-purpose register but RAX holding a known
 * value; return a mask of the registers that changed (bit = register
 * number: RCX 1, RDX 2, RBX 3, RBP 5, RSI 6, RDI 7, R8..R15 8..15).
 */
#define HC_PAT(r) (0x5a5a000000000000 + (r))
	.globl kvm_guest_hc_regs
kvm_guest_hc_regs:
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rdi, %rax
	movq %rsi, %r11         /* instruction choice, kept across the loads */
	movabsq $HC_PAT(1), %rcx
	movabsq $HC_PAT(2), %rdx
	movabsq $HC_PAT(3), %rbx
	movabsq $HC_PAT(5), %rbp
	movabsq $HC_PAT(6), %rsi
	movabsq $HC_PAT(7), %rdi
	movabsq $HC_PAT(8), %r8
	movabsq $HC_PAT(9), %r9
	movabsq $HC_PAT(10), %r10
	movabsq $HC_PAT(12), %r12
	movabsq $HC_PAT(13), %r13
	movabsq $HC_PAT(14), %r14
	movabsq $HC_PAT(15), %r15
	testq %r11, %r11
	jz 4f
	vmmcall
	jmp 5f
4:	vmcall
5:	xorl %eax, %eax
	/* compare each register with its pattern (r11 is scratch) */
	movabsq $HC_PAT(1), %r11
	cmpq %r11, %rcx
	je 6f
	orq $(1 << 1), %rax
6:	movabsq $HC_PAT(2), %r11
	cmpq %r11, %rdx
	je 6f
	orq $(1 << 2), %rax
6:	movabsq $HC_PAT(3), %r11
	cmpq %r11, %rbx
	je 6f
	orq $(1 << 3), %rax
6:	movabsq $HC_PAT(5), %r11
	cmpq %r11, %rbp
	je 6f
	orq $(1 << 5), %rax
6:	movabsq $HC_PAT(6), %r11
	cmpq %r11, %rsi
	je 6f
	orq $(1 << 6), %rax
6:	movabsq $HC_PAT(7), %r11
	cmpq %r11, %rdi
	je 6f
	orq $(1 << 7), %rax
6:	movabsq $HC_PAT(8), %r11
	cmpq %r11, %r8
	je 6f
	orq $(1 << 8), %rax
6:	movabsq $HC_PAT(9), %r11
	cmpq %r11, %r9
	je 6f
	orq $(1 << 9), %rax
6:	movabsq $HC_PAT(10), %r11
	cmpq %r11, %r10
	je 6f
	orq $(1 << 10), %rax
6:	movabsq $HC_PAT(12), %r11
	cmpq %r11, %r12
	je 6f
	orq $(1 << 12), %rax
6:	movabsq $HC_PAT(13), %r11
	cmpq %r11, %r13
	je 6f
	orq $(1 << 13), %rax
6:	movabsq $HC_PAT(14), %r11
	cmpq %r11, %r14
	je 6f
	orq $(1 << 14), %rax
6:	movabsq $HC_PAT(15), %r11
	cmpq %r11, %r15
	je 6f
	orq $(1 << 15), %rax
6:	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	ret

	.data
	.balign 64
	.globl kvm_guest_irq_count
kvm_guest_irq_count:
	.fill 256, 8, 0
	.globl kvm_guest_use_vmmcall
kvm_guest_use_vmmcall:
	.quad 0
	.globl kvm_guest_pv_eoi_skipped
kvm_guest_pv_eoi_skipped:
	.quad 0
	.balign 64
	.globl kvm_guest_pv_eoi_word
kvm_guest_pv_eoi_word:
	.long 0

	.section .note.GNU-stack,"",@progbits
