/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vu_proto.h - the vhost-user wire protocol (QEMU docs/interop/vhost-user.rst):
 * message numbers, header flags, payload layouts.  Everything is in host
 * byte order (both ends run on the same machine), packed as the protocol
 * describes.  Only what pvvhost uses is named here.
 */
#ifndef VU_PROTO_H
#define VU_PROTO_H

#include <stdint.h>

/* Front-end -> back-end requests */
enum vu_req {
	VU_GET_FEATURES = 1,
	VU_SET_FEATURES = 2,
	VU_SET_OWNER = 3,
	VU_RESET_OWNER = 4,
	VU_SET_MEM_TABLE = 5,
	VU_SET_LOG_BASE = 6,
	VU_SET_LOG_FD = 7,
	VU_SET_VRING_NUM = 8,
	VU_SET_VRING_ADDR = 9,
	VU_SET_VRING_BASE = 10,
	VU_GET_VRING_BASE = 11,
	VU_SET_VRING_KICK = 12,
	VU_SET_VRING_CALL = 13,
	VU_SET_VRING_ERR = 14,
	VU_GET_PROTOCOL_FEATURES = 15,
	VU_SET_PROTOCOL_FEATURES = 16,
	VU_GET_QUEUE_NUM = 17,
	VU_SET_VRING_ENABLE = 18,
	VU_SEND_RARP = 19,
	VU_NET_SET_MTU = 20,
	VU_SET_BACKEND_REQ_FD = 21,
	VU_IOTLB_MSG = 22,
	VU_SET_VRING_ENDIAN = 23,
	VU_GET_CONFIG = 24,
	VU_SET_CONFIG = 25,
	VU_GET_INFLIGHT_FD = 31,
	VU_SET_INFLIGHT_FD = 32,
	VU_RESET_DEVICE = 34,
	VU_GET_MAX_MEM_SLOTS = 36,
	VU_ADD_MEM_REG = 37,
	VU_REM_MEM_REG = 38,
	VU_SET_STATUS = 39,
	VU_GET_STATUS = 40,
	VU_REQ_MAX = 41
};

/* Header flags: bits 0..1 version (1), bit 2 reply, bit 3 need reply */
#define VU_VERSION          0x1u
#define VU_VERSION_MASK     0x3u
#define VU_FLAG_REPLY       (1u << 2)
#define VU_FLAG_NEED_REPLY  (1u << 3)

/* Feature bit 30 in GET/SET_FEATURES: protocol features are supported */
#define VU_F_PROTOCOL_FEATURES 30

/* Protocol feature bits */
#define VU_PF_MQ             0
#define VU_PF_LOG_SHMFD      1
#define VU_PF_RARP           2
#define VU_PF_REPLY_ACK      3
#define VU_PF_NET_MTU        4
#define VU_PF_BACKEND_REQ    5
#define VU_PF_CONFIG         9
#define VU_PF_RESET_DEVICE   13
#define VU_PF_STATUS         16

/* Largest memory table of SET_MEM_TABLE */
#define VU_MAX_REGIONS 8u

/* u64 payload of SET_VRING_KICK/CALL/ERR: bits 0..7 ring index, bit 8
 * "no file descriptor" (polling mode) */
#define VU_VRING_IDX_MASK 0xffu
#define VU_VRING_NOFD     (1u << 8)

/* SET_VRING_ADDR flags bit 0: log used ring writes */
#define VU_VRING_F_LOG 1u

struct vu_hdr {
	uint32_t request;
	uint32_t flags;
	uint32_t size;          /* payload bytes that follow */
} __attribute__((packed));

struct vu_vring_state {
	uint32_t index;
	uint32_t num;
} __attribute__((packed));

struct vu_vring_addr {
	uint32_t index;
	uint32_t flags;
	uint64_t desc_uaddr;    /* front-end virtual addresses */
	uint64_t used_uaddr;
	uint64_t avail_uaddr;
	uint64_t log_gpa;
} __attribute__((packed));

struct vu_mem_region {
	uint64_t gpa;           /* guest physical address */
	uint64_t size;
	uint64_t uaddr;         /* front-end virtual address */
	uint64_t mmap_offset;   /* offset into the region's file descriptor */
} __attribute__((packed));

struct vu_mem_table {
	uint32_t nregions;
	uint32_t padding;
	struct vu_mem_region regions[VU_MAX_REGIONS];
} __attribute__((packed));

/* ADD_MEM_REG / REM_MEM_REG */
struct vu_mem_single {
	uint64_t padding;
	struct vu_mem_region region;
} __attribute__((packed));

struct vu_config {
	uint32_t offset;
	uint32_t size;
	uint32_t flags;
	uint8_t region[256];
} __attribute__((packed));

union vu_payload {
	uint64_t u64;
	struct vu_vring_state state;
	struct vu_vring_addr addr;
	struct vu_mem_table mem;
	struct vu_mem_single mem_one;
	struct vu_config config;
};

/* Largest payload a valid message carries */
#define VU_MAX_PAYLOAD ((uint32_t)sizeof(union vu_payload))
/* File descriptors one message may carry */
#define VU_MAX_FDS 8u

/* The name of a request for logs ("SET_MEM_TABLE"), "?" if unknown. */
const char *vu_req_name(uint32_t req);

#endif /* VU_PROTO_H */
