/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvm_vm.h - a small virtual machine monitor over /dev/kvm for the KVM
 * conformance tier.
 *
 * A VM has identity-mapped long-mode page tables (GVA == GPA) over its
 * first 1 GiB.  Two memory slots: "low" memory [0, KVM_LOW_SIZE) holds the
 * page tables, GDT, IDT, TSS, stacks and data the tests allocate; the
 * "image" slot is a copy of this program's own loaded segments at their
 * link addresses, so guest code is ordinary C in the same binary (built
 * -no-pie) and runs at the address the host sees it at.  Globals the guest
 * reads live in the image copy: kvm_vm_guest_write() updates them.
 *
 * Guest code reports through a port-I/O "ucall" (kvm_guest.h); the host
 * runs a vCPU until its next ucall with kvm_vcpu_run().
 */
#ifndef PVC_KVM_VM_H
#define PVC_KVM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#define KVM_VM_MAX_VCPUS   16
#define KVM_LOW_SIZE       0x400000ull   /* 4 MiB of low guest memory */
#define KVM_MAP_SIZE       0x40000000ull /* identity map of the first 1 GiB */

/* Low-memory layout (guest physical == guest virtual). */
#define KVM_GPA_PML4       0x1000ull
#define KVM_GPA_PDPT       0x2000ull
#define KVM_GPA_PD         0x3000ull
#define KVM_GPA_GDT        0x8000ull
#define KVM_GPA_IDT        0x9000ull
#define KVM_GPA_TSS        0xa000ull
#define KVM_GPA_STACKS     0x10000ull    /* 16 KiB per vCPU slot */
#define KVM_STACK_SIZE     0x4000ull
#define KVM_GPA_RING0_STK  0x60000ull    /* privilege-change stack (TSS.RSP0) */
#define KVM_GPA_HEAP       0x100000ull   /* kvm_vm_alloc() hands out from here */

/* GDT selectors */
#define KVM_SEL_CODE       0x08
#define KVM_SEL_DATA       0x10
#define KVM_SEL_UDATA      0x18
#define KVM_SEL_UCODE      0x20
#define KVM_SEL_TSS        0x28

/* ucall port and commands (guest -> host), see kvm_guest.h */
#define KVM_UCALL_PORT     0xe0
#define KVM_UCALL_SYNC     1   /* a0 = stage, a1, a2 = values */
#define KVM_UCALL_ASSERT   2   /* a0 = line, a1, a2 = values */
#define KVM_UCALL_DONE     3   /* guest function returned */
#define KVM_UCALL_UNHANDLED 4  /* a0 = vector, a1 = rip, a2 = error code */
#define KVM_UCALL_EXIT     100 /* not a ucall: some other exit (see exit_reason) */

/* The exception handler resumes at %r10 when %r11 holds this on entry. */
#define KVM_FIXUP_MAGIC    0x46495855u
#define KVM_NO_VECTOR      256

struct kvm_vm;

struct kvm_vcpu {
	struct kvm_vm *vm;
	int fd;
	uint32_t id;          /* vCPU ID == initial (x2)APIC ID */
	unsigned slot;        /* index in vm->vcpus, picks the stack */
	struct kvm_run *run;
	int stats_fd;         /* -1 until kvm_vcpu_stat() first needs it */
	void *stats_desc;     /* descriptor block of the stats file */
	uint32_t stats_num, stats_desc_size, stats_data_off;
};

struct kvm_vm {
	int kvm_fd;
	int fd;
	int run_size;
	bool amd;                  /* SVM: VMMCALL, else VMCALL */
	uint8_t *low;              /* host view of [0, KVM_LOW_SIZE) */
	uint8_t *img;              /* host view of the image slot */
	uint64_t img_gpa, img_size;
	uint64_t heap_next;
	unsigned nr_vcpus;
	struct kvm_vcpu *vcpus[KVM_VM_MAX_VCPUS];
	struct kvm_cpuid2 *cpuid;  /* what vCPUs get: supported, then edited */
};

struct kvm_ucall {
	uint64_t cmd;
	uint64_t args[3];
	uint32_t exit_reason;      /* for KVM_UCALL_EXIT */
};

/* Error reporting of the library: a static message of the last failure. */
const char *kvm_vm_error(void);

/* Open /dev/kvm and check the API version; -1 with kvm_vm_error() set. */
int kvm_open_dev(void);
/* KVM_CHECK_EXTENSION on /dev/kvm (or a VM fd if vm != NULL). */
int kvm_check_cap(struct kvm_vm *vm, long cap);

/* A VM with memory, page tables and descriptor tables, no vCPUs yet. */
struct kvm_vm *kvm_vm_create(void);
void kvm_vm_free(struct kvm_vm *vm);
int kvm_vm_enable_cap(struct kvm_vm *vm, uint32_t cap, uint64_t arg0);
int kvm_vm_create_irqchip(struct kvm_vm *vm);

/* Host pointer for a guest physical address (or NULL). */
void *kvm_vm_hva(struct kvm_vm *vm, uint64_t gpa, size_t len);
/* Zeroed, aligned guest memory in the low slot; returns its GPA or 0. */
uint64_t kvm_vm_alloc(struct kvm_vm *vm, size_t size, size_t align);
/* Set the guest's copy of a global of this program. */
int kvm_vm_guest_write(struct kvm_vm *vm, const void *host_addr, const void *val, size_t len);
/* Set the guest copy of a 64-bit global of this program to val. */
#define KVM_GUEST_SET(vm, var, val)						\
	kvm_vm_guest_write((vm), (const void *)(uintptr_t)&(var),		\
			   &(const uint64_t){ (uint64_t)(val) }, sizeof(uint64_t))
int kvm_vm_guest_read(struct kvm_vm *vm, const void *host_addr, void *val, size_t len);

/*
 * A vCPU with the VM's CPUID, in 64-bit mode, entering fn(arg) with
 * interrupts disabled at CPL 0; fn returning is KVM_UCALL_DONE.
 */
struct kvm_vcpu *kvm_vcpu_add(struct kvm_vm *vm, uint32_t id, void (*fn)(uint64_t), uint64_t arg);
/* Run until the next ucall or other exit.  0, or -1 if KVM_RUN failed. */
int kvm_vcpu_run(struct kvm_vcpu *vcpu, struct kvm_ucall *uc);
/* Describe a ucall that was not the expected one into buf. */
const char *kvm_ucall_describe(const struct kvm_ucall *uc, char *buf, size_t len);
int kvm_vcpu_enable_cap(struct kvm_vcpu *vcpu, uint32_t cap, uint64_t arg0);
int kvm_vcpu_set_cpuid(struct kvm_vcpu *vcpu, const struct kvm_cpuid2 *cpuid);
int kvm_vcpu_get_cpuid(struct kvm_vcpu *vcpu, struct kvm_cpuid2 **out);
int kvm_vcpu_get_msr(struct kvm_vcpu *vcpu, uint32_t index, uint64_t *val);
int kvm_vcpu_set_msr(struct kvm_vcpu *vcpu, uint32_t index, uint64_t val);
int kvm_vcpu_get_lapic(struct kvm_vcpu *vcpu, struct kvm_lapic_state *st);
/* Is vector pending in the vCPU's IRR (KVM_GET_LAPIC)?  -1 on error. */
int kvm_vcpu_irr_pending(struct kvm_vcpu *vcpu, unsigned vector);

/* Binary statistics (KVM_GET_STATS_FD): 0, or -1 if absent/unsupported. */
int kvm_vcpu_stat(struct kvm_vcpu *vcpu, const char *name, uint64_t *val);

/* CPUID helpers on a kvm_cpuid2 list */
struct kvm_cpuid2 *kvm_get_supported_cpuid(int kvm_fd);
struct kvm_cpuid_entry2 *kvm_cpuid_find(struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx);

#endif /* PVC_KVM_VM_H */
