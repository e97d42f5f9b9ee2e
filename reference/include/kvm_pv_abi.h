/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * kvm_pv_abi.h - the KVM x86 paravirtual ABI as seen on the wire: CPUID
 * leaves, feature and hint bits, MSR numbers and their bit layouts,
 * hypercall numbers and error codes, and the shared-memory records
 * (steal time, PV EOI).  Values are the ones Linux/KVM use; the names are
 * pvspec's own (KVMPV_*).  Spec chapter: spec/chapters/kvm-pv.tex
 * (requirements KPV-GST-* and KPV-HST-*).
 *
 * Freestanding: needs only <stdint.h> and <stddef.h>.  All multi-byte
 * fields of shared records are little-endian (x86).
 */
#ifndef KVM_PV_ABI_H
#define KVM_PV_ABI_H

#include <stdint.h>
#include <stddef.h>

/* ---- CPUID (KPV-HST-001..006, KPV-GST-001..004) ------------------------ */

/* Default base of the KVM leaves.  A hypervisor that also offers another
 * interface (e.g. Hyper-V) may place KVM at base + n * 0x100; a guest scans
 * KVMPV_CPUID_BASE_MIN..KVMPV_CPUID_BASE_MAX in steps of KVMPV_CPUID_BASE_STEP. */
#define KVMPV_CPUID_SIGNATURE      0x40000000u   /* leaf "base + 0" */
#define KVMPV_CPUID_FEATURES       0x40000001u   /* leaf "base + 1" */
#define KVMPV_CPUID_BASE_MIN       0x40000000u
#define KVMPV_CPUID_BASE_MAX       0x4000ff00u
#define KVMPV_CPUID_BASE_STEP      0x100u

/* "KVMKVMKVM\0\0\0" in EBX, ECX, EDX of the signature leaf. */
#define KVMPV_SIGNATURE            "KVMKVMKVM\0\0\0"
#define KVMPV_SIGNATURE_EBX        0x4b4d564bu   /* "KVMK" */
#define KVMPV_SIGNATURE_ECX        0x564b4d56u   /* "VMKV" */
#define KVMPV_SIGNATURE_EDX        0x0000004du   /* "M\0\0\0" */

/* Feature bits: EAX of leaf base + 1 (bit numbers). */
#define KVMPV_FEATURE_CLOCKSOURCE        0   /* kvmclock on MSRs 0x11/0x12 */
#define KVMPV_FEATURE_NOP_IO_DELAY       1   /* port 0x80 delays not needed */
#define KVMPV_FEATURE_MMU_OP             2   /* withdrawn: never set by current hosts */
#define KVMPV_FEATURE_CLOCKSOURCE2       3   /* kvmclock on MSRs 0x4b564d00/01 */
#define KVMPV_FEATURE_ASYNC_PF           4   /* MSR_ASYNC_PF_EN */
#define KVMPV_FEATURE_STEAL_TIME         5   /* MSR_STEAL_TIME */
#define KVMPV_FEATURE_PV_EOI             6   /* MSR_PV_EOI_EN */
#define KVMPV_FEATURE_PV_UNHALT          7   /* HC_KICK_CPU */
/*                                       8      not defined (reserved) */
#define KVMPV_FEATURE_PV_TLB_FLUSH       9   /* FLUSH_TLB in the steal-time record */
#define KVMPV_FEATURE_ASYNC_PF_VMEXIT    10  /* async #PF as a nested VM exit */
#define KVMPV_FEATURE_PV_SEND_IPI        11  /* HC_SEND_IPI */
#define KVMPV_FEATURE_POLL_CONTROL       12  /* MSR_POLL_CONTROL */
#define KVMPV_FEATURE_PV_SCHED_YIELD     13  /* HC_SCHED_YIELD */
#define KVMPV_FEATURE_ASYNC_PF_INT       14  /* MSR_ASYNC_PF_INT / _ACK */
#define KVMPV_FEATURE_MSI_EXT_DEST_ID    15  /* MSI address bits 11:5 extend the dest ID */
#define KVMPV_FEATURE_HC_MAP_GPA_RANGE   16  /* HC_MAP_GPA_RANGE */
#define KVMPV_FEATURE_MIGRATION_CONTROL  17  /* MSR_MIGRATION_CONTROL */
#define KVMPV_FEATURE_CLOCKSOURCE_STABLE_BIT 24 /* pvclock flags bit 0 (stable) is meaningful */

/* Every bit a host may set in EAX of leaf base + 1 today. */
#define KVMPV_FEATURES_DEFINED \
	((((1u << 18) - 1u) & ~(1u << 8)) | (1u << KVMPV_FEATURE_CLOCKSOURCE_STABLE_BIT))

/* Hint bits: EDX of leaf base + 1 (bit numbers). */
#define KVMPV_HINTS_REALTIME             0   /* vCPUs are never preempted for unbounded time */
#define KVMPV_HINTS_DEFINED              (1u << KVMPV_HINTS_REALTIME)

#define KVMPV_BIT(n)                     (1u << (n))

/* ---- MSRs (KPV-HST-025..028, 036..043; KPV-GST-016, 017, 024, 025) ---- */

#define KVMPV_MSR_WALL_CLOCK_OLD         0x00000011u  /* gated by CLOCKSOURCE */
#define KVMPV_MSR_SYSTEM_TIME_OLD        0x00000012u  /* gated by CLOCKSOURCE */
#define KVMPV_MSR_WALL_CLOCK             0x4b564d00u  /* gated by CLOCKSOURCE2 */
#define KVMPV_MSR_SYSTEM_TIME            0x4b564d01u  /* gated by CLOCKSOURCE2 */
#define KVMPV_MSR_ASYNC_PF_EN            0x4b564d02u  /* gated by ASYNC_PF */
#define KVMPV_MSR_STEAL_TIME             0x4b564d03u  /* gated by STEAL_TIME */
#define KVMPV_MSR_PV_EOI_EN              0x4b564d04u  /* gated by PV_EOI */
#define KVMPV_MSR_POLL_CONTROL           0x4b564d05u  /* gated by POLL_CONTROL */
#define KVMPV_MSR_ASYNC_PF_INT           0x4b564d06u  /* gated by ASYNC_PF_INT */
#define KVMPV_MSR_ASYNC_PF_ACK           0x4b564d07u  /* gated by ASYNC_PF_INT */
#define KVMPV_MSR_MIGRATION_CONTROL      0x4b564d08u  /* gated by MIGRATION_CONTROL */
/* The range 0x4b564d00..0x4b564dff belongs to KVM PV MSRs. */
#define KVMPV_MSR_RANGE_FIRST            0x4b564d00u
#define KVMPV_MSR_RANGE_LAST             0x4b564dffu

/* Bit 0 of every address-carrying MSR: the area is enabled. */
#define KVMPV_MSR_ENABLED                0x1ull

/* MSR_SYSTEM_TIME: bit 0 enable, bits 63:1 GPA of a 4-byte aligned pvclock record. */
/* MSR_WALL_CLOCK: GPA of a pvclock wall-clock record; written, not enabled. */

/* MSR_STEAL_TIME: bit 0 enable, bits 5:1 reserved (#GP), bits 63:6 GPA of
 * the 64-byte aligned record. */
#define KVMPV_STEAL_ALIGN_BITS           5
#define KVMPV_STEAL_RESERVED_MASK        0x3eull                 /* bits 5:1 */
#define KVMPV_STEAL_GPA_MASK             (~0x3full)              /* bits 63:6 */

/* MSR_ASYNC_PF_EN: bit 0 enable, bit 1 send always (also in user mode),
 * bit 2 deliver as #PF VM exit (needs ASYNC_PF_VMEXIT), bit 3 deliver
 * "page ready" as an interrupt (needs ASYNC_PF_INT), bits 5:4 reserved
 * (#GP), bits 63:6 GPA of the 64-byte aligned record. */
#define KVMPV_ASYNC_PF_ENABLED           (1ull << 0)
#define KVMPV_ASYNC_PF_SEND_ALWAYS       (1ull << 1)
#define KVMPV_ASYNC_PF_DELIVERY_AS_PF_VMEXIT (1ull << 2)
#define KVMPV_ASYNC_PF_DELIVERY_AS_INT   (1ull << 3)
#define KVMPV_ASYNC_PF_RESERVED_MASK     0x30ull                 /* bits 5:4 */
#define KVMPV_ASYNC_PF_GPA_MASK          (~0x3full)

/* MSR_ASYNC_PF_INT: bits 7:0 the vector, bits 63:8 reserved (#GP). */
#define KVMPV_ASYNC_PF_VEC_MASK          0xffull
/* MSR_ASYNC_PF_ACK: bit 0 = "page-ready slot consumed". */
#define KVMPV_ASYNC_PF_ACK_BIT           (1ull << 0)

/* MSR_PV_EOI_EN: bit 0 enable, bit 1 reserved (#GP: the word must be
 * 4-byte aligned), bits 63:2 GPA of the PV EOI word. */
#define KVMPV_PV_EOI_RESERVED_MASK       0x2ull
#define KVMPV_PV_EOI_GPA_MASK            (~0x3ull)
/* In the PV EOI word: bit 0 set by the host = "this EOI may be skipped". */
#define KVMPV_PV_EOI_BIT                 0
#define KVMPV_PV_EOI_PENDING             (1u << KVMPV_PV_EOI_BIT)

/* MSR_POLL_CONTROL: bit 0 = host may poll before blocking a halted vCPU
 * (value 1 after reset); bits 63:1 reserved (#GP). */
#define KVMPV_POLL_CONTROL_HOST_POLL     (1ull << 0)
#define KVMPV_POLL_CONTROL_RESERVED_MASK (~0x1ull)
#define KVMPV_POLL_CONTROL_RESET         KVMPV_POLL_CONTROL_HOST_POLL

/* MSR_MIGRATION_CONTROL: bit 0 = guest ready for live migration. */
#define KVMPV_MIGRATION_READY            (1ull << 0)

/* ---- Hypercalls (KPV-HST-007..024, KPV-GST-005..015) ------------------ */

/* Instruction encodings: a guest uses its CPU vendor's one. */
#define KVMPV_VMCALL_BYTES               { 0x0f, 0x01, 0xc1 }    /* Intel */
#define KVMPV_VMMCALL_BYTES              { 0x0f, 0x01, 0xd9 }    /* AMD, Hygon */

/* Number in RAX; arguments a0..a3 in RBX, RCX, RDX, RSI; result in RAX. */
#define KVMPV_HC_VAPIC_POLL_IRQ          1
#define KVMPV_HC_MMU_OP                  2   /* withdrawn */
#define KVMPV_HC_FEATURES                3   /* not on x86 */
#define KVMPV_HC_PPC_MAP_MAGIC_PAGE      4   /* PowerPC only */
#define KVMPV_HC_KICK_CPU                5   /* a0 flags (0), a1 APIC ID */
#define KVMPV_HC_MIPS_GET_CLOCK_FREQ     6   /* MIPS only */
#define KVMPV_HC_MIPS_EXIT_VM            7   /* MIPS only */
#define KVMPV_HC_MIPS_CONSOLE_OUTPUT     8   /* MIPS only */
#define KVMPV_HC_CLOCK_PAIRING           9   /* a0 GPA of the result, a1 clock type */
#define KVMPV_HC_SEND_IPI                10  /* a0 low bitmap, a1 high bitmap, a2 min APIC ID, a3 ICR */
#define KVMPV_HC_SCHED_YIELD             11  /* a0 APIC ID of the vCPU to yield to */
#define KVMPV_HC_MAP_GPA_RANGE           12  /* a0 GPA, a1 pages, a2 attributes */

/* Error codes: a hypercall returns 0/positive on success or the negated
 * code.  KVM_ENOSYS is private; the others have the Linux errno values. */
#define KVMPV_ENOSYS                     1000
#define KVMPV_EFAULT                     14
#define KVMPV_EINVAL                     22
#define KVMPV_E2BIG                      7
#define KVMPV_EPERM                      1
#define KVMPV_EOPNOTSUPP                 95

/* HC_SEND_IPI: destinations per bitmap register in 64-bit mode / other modes. */
#define KVMPV_IPI_BITMAP_BITS_64         64
#define KVMPV_IPI_BITMAP_BITS_32         32
#define KVMPV_IPI_WINDOW_64              128 /* destinations per call, 64-bit mode */
#define KVMPV_IPI_WINDOW_32              64  /* destinations per call, 32-bit mode */

/* ICR fields HC_SEND_IPI uses and rejects (xAPIC ICR low layout). */
#define KVMPV_ICR_VECTOR_MASK            0x000000ffull  /* bits 7:0 */
#define KVMPV_ICR_DELIVERY_MODE_MASK     0x00000700ull  /* bits 10:8 */
#define KVMPV_ICR_DEST_LOGICAL           0x00000800ull  /* bit 11: rejected (-EINVAL) */
#define KVMPV_ICR_LEVEL_ASSERT           0x00004000ull  /* bit 14 */
#define KVMPV_ICR_TRIGGER_LEVEL          0x00008000ull  /* bit 15 */
#define KVMPV_ICR_SHORTHAND_MASK         0x000c0000ull  /* bits 19:18: rejected (-EINVAL) */
#define KVMPV_ICR_REJECT_MASK            (KVMPV_ICR_DEST_LOGICAL | KVMPV_ICR_SHORTHAND_MASK)
#define KVMPV_ICR_DM_FIXED               0x000ull
#define KVMPV_ICR_DM_NMI                 0x400ull

/* HC_CLOCK_PAIRING clock type. */
#define KVMPV_CLOCK_PAIRING_WALLCLOCK    0

/* HC_MAP_GPA_RANGE attributes (a2). */
#define KVMPV_MAP_GPA_RANGE_PAGE_SZ_4K   0ull
#define KVMPV_MAP_GPA_RANGE_PAGE_SZ_2M   (1ull << 0)
#define KVMPV_MAP_GPA_RANGE_PAGE_SZ_1G   (1ull << 1)
#define KVMPV_MAP_GPA_RANGE_ENCRYPTED    (1ull << 4)
#define KVMPV_MAP_GPA_RANGE_DECRYPTED    0ull

/* ---- KVM_CAP_X86_DISABLE_EXITS (KPV-HST-044..046) ---------------------- */

#define KVMPV_DISABLE_EXITS_MWAIT        (1u << 0)
#define KVMPV_DISABLE_EXITS_HLT          (1u << 1)
#define KVMPV_DISABLE_EXITS_PAUSE        (1u << 2)
#define KVMPV_DISABLE_EXITS_CSTATE       (1u << 3)

/* ---- Steal-time record (KPV-HST-029..035, KPV-GST-018..023) ----------- */

/* The preempted byte. */
#define KVMPV_VCPU_PREEMPTED             (1u << 0)  /* host: vCPU is scheduled out */
#define KVMPV_VCPU_FLUSH_TLB             (1u << 1)  /* guest: flush my TLB before I run */

/* 64 bytes, 64-byte aligned, in guest memory; little-endian. */
struct kvmpv_steal_time {
	uint64_t steal;         /* ns the vCPU was runnable but not running */
	uint32_t version;       /* seqlock: odd while the host updates */
	uint32_t flags;         /* reserved, zero */
	uint8_t preempted;      /* KVMPV_VCPU_PREEMPTED | KVMPV_VCPU_FLUSH_TLB */
	uint8_t pad8[3];
	uint32_t pad[11];
};

_Static_assert(offsetof(struct kvmpv_steal_time, steal) == 0, "steal at 0");
_Static_assert(offsetof(struct kvmpv_steal_time, version) == 8, "version at 8");
_Static_assert(offsetof(struct kvmpv_steal_time, flags) == 12, "flags at 12");
_Static_assert(offsetof(struct kvmpv_steal_time, preempted) == 16, "preempted at 16");
_Static_assert(offsetof(struct kvmpv_steal_time, pad8) == 17, "u8 padding at 17");
_Static_assert(offsetof(struct kvmpv_steal_time, pad) == 20, "padding at 20");
_Static_assert(sizeof(struct kvmpv_steal_time) == 64, "steal-time record is 64 bytes");

#define KVMPV_STEAL_TIME_OFF_STEAL       0
#define KVMPV_STEAL_TIME_OFF_VERSION     8
#define KVMPV_STEAL_TIME_OFF_FLAGS       12
#define KVMPV_STEAL_TIME_OFF_PREEMPTED   16
#define KVMPV_STEAL_TIME_SIZE            64

/* ---- Async page fault record (MSR_ASYNC_PF_EN, 64 bytes) -------------- */

#define KVMPV_APF_REASON_PAGE_NOT_PRESENT 1
#define KVMPV_APF_REASON_PAGE_READY       2

struct kvmpv_apf_data {
	uint32_t flags;         /* "page not present" reason, for #PF delivery */
	uint32_t token;         /* "page ready" token, for interrupt delivery */
	uint8_t pad[56];
	uint32_t enabled;
};

_Static_assert(offsetof(struct kvmpv_apf_data, token) == 4, "token at 4");
_Static_assert(offsetof(struct kvmpv_apf_data, enabled) == 64, "enabled at 64");
_Static_assert(sizeof(struct kvmpv_apf_data) == 68, "async-PF record is 68 bytes");

/* ---- Clock pairing result (HC_CLOCK_PAIRING) --------------------------- */

struct kvmpv_clock_pairing {
	int64_t sec;
	int64_t nsec;
	uint64_t tsc;
	uint32_t flags;
	uint32_t pad[9];
};

_Static_assert(offsetof(struct kvmpv_clock_pairing, tsc) == 16, "tsc at 16");
_Static_assert(sizeof(struct kvmpv_clock_pairing) == 64, "clock pairing is 64 bytes");

#endif /* KVM_PV_ABI_H */
