/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vqc_devchk_priv.h - internals shared by the device checker's files.
 */
#ifndef VQC_DEVCHK_PRIV_H
#define VQC_DEVCHK_PRIV_H

#include "vqc_devchk.h"

int vqc_devchk_add_packed(struct vqc_devchk *c, const struct vqc_seg *seg, uint32_t nseg,
			  void *itable, uint64_t itable_gpa, uint16_t id);
int vqc_devchk_add_split(struct vqc_devchk *c, const struct vqc_seg *seg, uint32_t nseg,
			 void *itable, uint64_t itable_gpa, uint16_t *id);
int vqc_devchk_collect_packed(struct vqc_devchk *c, struct vqc_used *u);
int vqc_devchk_collect_split(struct vqc_devchk *c, struct vqc_used *u);
int vqc_devchk_snapshot_packed(struct vqc_devchk *c, const void *desc);
int vqc_devchk_snapshot_split(struct vqc_devchk *c, const void *device);
/* Mark the buffers an element with this id completes; fills u.  Returns
 * the ring slots they covered, or -1 (id not in flight: reported). */
int vqc_devchk_complete(struct vqc_devchk *c, uint16_t id, uint32_t len, struct vqc_used *u,
			const char *id_req, const char *len_req, const char *ro_req);
/* Slots / position of the k-th in-flight buffer in avail order, without
 * changing anything: index in the order list of id, or -1. */
int vqc_devchk_order_pos(const struct vqc_devchk *c, uint16_t id);
uint64_t vqc_devchk_rhash(const struct vqc_devchk *c, const struct vqc_devchk_id *b);

#endif /* VQC_DEVCHK_PRIV_H */
