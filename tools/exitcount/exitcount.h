/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * exitcount.h - VM exits of a multicast IPI to N vCPUs (N = 2..8): N ICR
 * writes in x2APIC physical mode against one KVM_HC_SEND_IPI hypercall,
 * counted with KVM's binary statistics of the sending vCPU.
 */
#ifndef PVC_EXITCOUNT_H
#define PVC_EXITCOUNT_H

#include <stdio.h>

/* Print the table, each line prefixed with `prefix`; 0 on success. */
int kvm_exitcount_run(FILE *out, const char *prefix);

#endif /* PVC_EXITCOUNT_H */
