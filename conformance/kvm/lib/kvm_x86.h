/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvm_x86.h - x86-64 long-mode state for the mini VMM: identity page
 * tables, GDT with kernel and user segments, a TSS, an IDT whose stubs
 * (guest_entry.S) report exception vectors, and vCPU register setup.
 */
#ifndef PVC_KVM_X86_H
#define PVC_KVM_X86_H

#include <stdbool.h>
#include <stdint.h>

#include "kvm_vm.h"

bool kvm_x86_host_is_amd(void);
void kvm_x86_setup_tables(struct kvm_vm *vm);
int kvm_x86_vcpu_setup(struct kvm_vcpu *vcpu, void (*fn)(uint64_t), uint64_t arg);

#endif /* PVC_KVM_X86_H */
