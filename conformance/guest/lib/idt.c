// SPDX-License-Identifier: GPL-2.0-only
/* idt.c - an IDT for the 20 architectural exceptions.  Any exception is a
 * guest bug or a device access gone wrong: print it and end the guest. */
#include "libc.h"

struct idt_gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;      /* 0x8e: present, DPL 0, 64-bit interrupt gate */
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t zero;
} __attribute__((packed));

struct idt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define NR_EXC 20
extern const uint64_t guest_exc_stubs[NR_EXC];
void guest_idt_install(void);
__attribute__((noreturn)) void guest_exception(uint64_t vec, uint64_t err, uint64_t rip);

static struct idt_gate idt[NR_EXC] __attribute__((aligned(16)));

void guest_idt_install(void)
{
	struct idt_ptr p;

	for (int i = 0; i < NR_EXC; i++) {
		uint64_t a = guest_exc_stubs[i];

		idt[i].off_lo = (uint16_t)a;
		idt[i].sel = 0x08;
		idt[i].ist = 0;
		idt[i].type = 0x8e;
		idt[i].off_mid = (uint16_t)(a >> 16);
		idt[i].off_hi = (uint32_t)(a >> 32);
		idt[i].zero = 0;
	}
	p.limit = sizeof(idt) - 1;
	p.base = (uint64_t)(uintptr_t)idt;
	__asm__ volatile("lidt %0" : : "m"(p));
}

void guest_exception(uint64_t vec, uint64_t err, uint64_t rip)
{
	uint64_t cr2;

	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	printf("\n# BAIL: exception %llu error 0x%llx at rip 0x%llx cr2 0x%llx\n",
	       (unsigned long long)vec, (unsigned long long)err,
	       (unsigned long long)rip, (unsigned long long)cr2);
	printf("Bail out! exception %llu\n", (unsigned long long)vec);
	guest_exit(0x7f);
}
