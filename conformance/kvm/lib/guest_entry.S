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
 *   - interrupts (v >= 32): count in kvm_guest_irq_count[v], x2APIC EOI.
 */
#define UCALL_PORT      0xe0
#define UCALL_DONE      3
#define UCALL_UNHANDLED 4
#define FIXUP_MAGIC     0x46495855

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
	movl $0x80b, %ecx       /* x2APIC EOI */
	xorl %eax, %eax
	xorl %edx, %edx
	wrmsr
	popq %rdx
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

	.data
	.balign 64
	.globl kvm_guest_irq_count
kvm_guest_irq_count:
	.fill 256, 8, 0
	.globl kvm_guest_use_vmmcall
kvm_guest_use_vmmcall:
	.quad 0

	.section .note.GNU-stack,"",@progbits
