/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvm_guest.h - what guest code may use.  Guest functions run at CPL 0 in
 * the VM built by kvm_vm.c, with no C library: they call only the inline
 * helpers below.  Mark each with KVM_GUEST_CODE so sanitizers and stack
 * protection (which need host state) stay out of it.
 */
#ifndef PVC_KVM_GUEST_H
#define PVC_KVM_GUEST_H

#include <stdint.h>

#include "kvm_vm.h"

#define KVM_GUEST_CODE __attribute__((noinline, no_sanitize("address", "undefined")))
#define KVM_GUEST_INLINE static inline __attribute__((always_inline))

/* guest_entry.S */
extern const char kvm_guest_vectors[];
void kvm_guest_done(void);
/* Interrupts (vectors >= 32) taken by any vCPU, counted by vector. */
extern volatile uint64_t kvm_guest_irq_count[256];
/* Hypercall nr with known values in all other GPRs: mask of those changed. */
uint64_t kvm_guest_hc_regs(uint64_t nr, uint64_t use_vmmcall);
/* PV EOI (MSR_KVM_PV_EOI_EN): the word registered by a test, the vector
 * whose handler honours it, and how many EOIs it skipped. */
#define KVM_PV_EOI_VECTOR 0xe0
extern volatile uint32_t kvm_guest_pv_eoi_word;
extern volatile uint64_t kvm_guest_pv_eoi_skipped;
/* Set by the host: nonzero on AMD (VMMCALL), zero on Intel (VMCALL). */
extern volatile uint64_t kvm_guest_use_vmmcall;

KVM_GUEST_INLINE void guest_ucall(uint64_t cmd, uint64_t a0, uint64_t a1, uint64_t a2)
{
	__asm__ volatile("outb %%al, %%dx"
			 : : "a"(cmd), "d"((uint16_t)KVM_UCALL_PORT), "D"(a0), "S"(a1), "c"(a2)
			 : "memory");
}

#define GUEST_SYNC(stage, a, b) guest_ucall(KVM_UCALL_SYNC, (stage), (a), (b))
/* Report a failed condition with two values, then stop this vCPU. */
#define GUEST_ASSERT(cond, a, b)						\
	do {									\
		if (!(cond)) {							\
			for (;;)						\
				guest_ucall(KVM_UCALL_ASSERT, __LINE__, (a), (b)); \
		}								\
	} while (0)

KVM_GUEST_INLINE void guest_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

/*
 * rdmsr/wrmsr that survive a fault: the exception stub sees %r11 ==
 * KVM_FIXUP_MAGIC, stores the vector in %r11 and resumes at %r10.
 * Return the vector, or KVM_NO_VECTOR if the access did not fault.
 */
KVM_GUEST_INLINE unsigned guest_rdmsr_safe(uint32_t msr, uint64_t *val)
{
	register uint64_t r11 __asm__("r11") = KVM_FIXUP_MAGIC;
	uint32_t lo = 0, hi = 0;

	__asm__ volatile("leaq 1f(%%rip), %%r10\n\t"
			 "rdmsr\n\t"
			 "movq %[none], %%r11\n"
			 "1:"
			 : "+a"(lo), "+d"(hi), "+r"(r11)
			 : "c"(msr), [none] "i"(KVM_NO_VECTOR)
			 : "r10", "memory");
	*val = (uint64_t)hi << 32 | lo;
	return (unsigned)r11;
}

KVM_GUEST_INLINE unsigned guest_wrmsr_safe(uint32_t msr, uint64_t val)
{
	register uint64_t r11 __asm__("r11") = KVM_FIXUP_MAGIC;

	__asm__ volatile("leaq 1f(%%rip), %%r10\n\t"
			 "wrmsr\n\t"
			 "movq %[none], %%r11\n"
			 "1:"
			 : "+r"(r11)
			 : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)),
			   [none] "i"(KVM_NO_VECTOR)
			 : "r10", "memory");
	return (unsigned)r11;
}

KVM_GUEST_INLINE uint64_t guest_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr) : "memory");
	return (uint64_t)hi << 32 | lo;
}

KVM_GUEST_INLINE void guest_wrmsr(uint32_t msr, uint64_t val)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
			 : "memory");
}

/*
 * KVM hypercall: number in RAX, arguments in RBX, RCX, RDX, RSI; result in
 * RAX.  VMMCALL on AMD, VMCALL on Intel (the native instruction, so the
 * test does not depend on KVM patching the other one).
 */
KVM_GUEST_INLINE long guest_hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
				      uint64_t a3)
{
	long ret;

	if (kvm_guest_use_vmmcall)
		__asm__ volatile("vmmcall" : "=a"(ret)
				 : "a"(nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3) : "memory");
	else
		__asm__ volatile("vmcall" : "=a"(ret)
				 : "a"(nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3) : "memory");
	return ret;
}

KVM_GUEST_INLINE void guest_pause(void)
{
	__asm__ volatile("pause" ::: "memory");
}

KVM_GUEST_INLINE uint64_t guest_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* --- local APIC in x2APIC mode (Intel SDM vol. 3, x2APIC MSRs 0x800+) --- */
#define X2APIC_MSR_BASE      0x1b
#define X2APIC_BASE_EXTD     (1ull << 10)
#define X2APIC_BASE_EN       (1ull << 11)
#define X2APIC_ID            0x802
#define X2APIC_EOI           0x80b
#define X2APIC_SVR           0x80f
#define X2APIC_ICR           0x830
#define X2APIC_LVT_TIMER     0x832
#define X2APIC_TIMER_INIT    0x838
#define X2APIC_TIMER_DIV     0x83e
#define X2APIC_SVR_ENABLE    0x100
#define X2APIC_ICR_LOGICAL   (1ull << 11)

KVM_GUEST_INLINE void guest_x2apic_enable(void)
{
	guest_wrmsr(X2APIC_MSR_BASE, guest_rdmsr(X2APIC_MSR_BASE) | X2APIC_BASE_EN |
		    X2APIC_BASE_EXTD);
	guest_wrmsr(X2APIC_SVR, X2APIC_SVR_ENABLE | 0xff);
}

/* Fixed, physical-destination IPI: one ICR write (one MSR access). */
KVM_GUEST_INLINE void guest_x2apic_ipi(uint32_t dest, uint8_t vector)
{
	guest_wrmsr(X2APIC_ICR, (uint64_t)dest << 32 | vector);
}

/* One-shot local APIC timer interrupt after `count` bus clocks. */
KVM_GUEST_INLINE void guest_apic_timer_oneshot(uint8_t vector, uint32_t count)
{
	guest_wrmsr(X2APIC_TIMER_DIV, 0xb);      /* divide by 1 */
	guest_wrmsr(X2APIC_LVT_TIMER, vector);   /* one-shot, unmasked */
	guest_wrmsr(X2APIC_TIMER_INIT, count);
}

KVM_GUEST_INLINE void guest_sti_hlt(void)
{
	/* STI's interrupt shadow covers HLT: no wakeup is lost in between */
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

#endif /* PVC_KVM_GUEST_H */
