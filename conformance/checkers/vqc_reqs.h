/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vqc_reqs.h - the requirement IDs the checkers enforce (spec chapters
 * packed-ring, split-ring), one name per rule, so that every violation a
 * checker reports names the requirement it breaks.
 */
#ifndef VQC_REQS_H
#define VQC_REQS_H

/* packed ring, driver */
#define VQR_P_DRV_AVAIL_BITS   "VQP-DRV-005"  /* AVAIL = wrap, USED = !wrap */
#define VQR_P_DRV_CHAIN_BITS   "VQP-DRV-013"  /* ... in every descriptor of a chain */
#define VQR_P_DRV_FIRST_LAST   "VQP-DRV-012"  /* first descriptor's flags written last */
#define VQR_P_DRV_ID_RANGE     "VQP-DRV-016"  /* Buffer ID < queue size */
#define VQR_P_DRV_ID_BUSY      "VQP-DRV-017"  /* Buffer ID not outstanding */
#define VQR_P_DRV_OWNED        "VQP-DRV-006"  /* no write to descriptors the device owns */
#define VQR_P_DRV_DEV_EVT      "VQP-DRV-036"  /* no write to the device event suppression */
#define VQR_P_DRV_WRORDER      "VQP-DRV-011"  /* writable after readable */
#define VQR_P_DRV_ZEROLEN      "VQP-DRV-021"  /* no zero-length descriptor */
#define VQR_P_DRV_INDFEAT      "VQP-DRV-026"  /* INDIRECT only with VIRTIO_F_INDIRECT_DESC */
#define VQR_P_DRV_INDNEXT      "VQP-DRV-027"  /* INDIRECT alone in its chain, without NEXT */
#define VQR_P_DRV_INDFLAGS     "VQP-DRV-028"  /* only WRITE inside an indirect table */
#define VQR_P_DRV_INDLEN       "VQP-DRV-029"  /* table len non-zero multiple of 16, <= queue size */
#define VQR_P_DRV_CHAINLEN     "VQP-DRV-018"  /* chain no longer than the queue size */
#define VQR_P_DRV_ROOM         "VQP-DRV-020"  /* room for the whole chain first */
#define VQR_P_DRV_NOTIFY       "VQP-DRV-038"  /* notify when asked (reached or passed) */
#define VQR_P_DRV_NOTIFY_SUPP  "VQP-DRV-039"  /* SHOULD NOT notify when suppressed */
#define VQR_P_DRV_NOTIF_OFF    "VQP-DRV-041"  /* notification data next_off / next_wrap */
#define VQR_P_DRV_NOTIF_IDX    "VQP-DRV-042"  /* notification data vq_index */
#define VQR_P_DRV_EVT_DESC     "VQP-DRV-033"  /* DESC mode only with EVENT_IDX */
#define VQR_P_DRV_EVT_MODE     "VQP-DRV-034"  /* no mode 3, no reserved bits */
#define VQR_P_DRV_EVT_ORDER    "VQP-DRV-035"  /* off_wrap visible no later than DESC flags */
#define VQR_P_DRV_ADDR         "VQP-DRV-058"  /* descriptors only inside device-accessible memory */
/* packed ring, device */
#define VQR_P_DEV_WRAP         "VQP-DEV-006"  /* device wrap counter */
#define VQR_P_DEV_USED_BITS    "VQP-DEV-007"  /* used: AVAIL = USED = device wrap counter */
#define VQR_P_DEV_USED_ID      "VQP-DEV-053"  /* used Buffer ID outstanding, each returned once */
#define VQR_P_DEV_USED_LEN     "VQP-DEV-054"  /* len <= writable part */
#define VQR_P_DEV_USED_WRITE   "VQP-DEV-016"  /* WRITE iff data written */
#define VQR_P_DEV_PUBLISH      "VQP-DEV-017"  /* id/len visible before the flags */
#define VQR_P_DEV_IN_ORDER     "FEAT-DEV-016" /* IN_ORDER: used in the order made available */
#define VQR_P_DEV_FIRST_LAST   "VQP-DEV-023"  /* batch: first used descriptor's flags written last */
#define VQR_P_DEV_NOTIFY       "VQP-DEV-028"
#define VQR_P_DEV_NOTIFY_SUPP  "VQP-DEV-029"
#define VQR_P_DEV_READONLY     "VQP-DEV-011"  /* never write device-readable elements */
#define VQR_P_DEV_EVT_DESC     "VQP-DEV-024"
#define VQR_P_DEV_EVT_MODE     "VQP-DEV-025"
#define VQR_P_DEV_DRV_EVT      "VQP-DEV-026"  /* no write to the driver event suppression */
/* split ring, driver */
#define VQR_S_DRV_NEXT         "VQS-DRV-004"  /* next < queue size */
#define VQR_S_DRV_CHAINLEN     "VQS-DRV-005"  /* no chain longer than the queue, no loop */
#define VQR_S_DRV_WRORDER      "VQS-DRV-006"
#define VQR_S_DRV_ZEROLEN      "VQS-DRV-007"
#define VQR_S_DRV_OWNED        "VQS-DRV-008"
#define VQR_S_DRV_PUBLISH      "VQS-DRV-009"  /* ring entry before idx */
#define VQR_S_DRV_IDX_BACK     "VQS-DRV-010"  /* avail idx never decreases */
#define VQR_S_DRV_OUTSTANDING  "VQS-DRV-011"  /* <= queue size outstanding, head not outstanding */
#define VQR_S_DRV_INDFEAT      "VQS-DRV-014"
#define VQR_S_DRV_INDNEXT      "VQS-DRV-015"
#define VQR_S_DRV_INDNEST      "VQS-DRV-016"
#define VQR_S_DRV_INDLEN       "VQS-DRV-017"
#define VQR_S_DRV_INORDER_DESC "VQS-DRV-018"  /* IN_ORDER: descriptors in ring order */
#define VQR_S_DRV_INORDER_IND  "VQS-DRV-019"  /* IN_ORDER: indirect entries sequential */
#define VQR_S_DRV_FLAGS        "VQS-DRV-021"  /* avail flags 0 or 1 */
#define VQR_S_DRV_FLAGS_EVIDX  "VQS-DRV-022"  /* avail flags 0 with EVENT_IDX */
#define VQR_S_DRV_NOTIFY       "VQS-DRV-024"
#define VQR_S_DRV_NOTIFY_SUPP  "VQS-DRV-025"
#define VQR_S_DRV_NOTIFY_EI    "VQS-DRV-026"
#define VQR_S_DRV_NOTIFY_EI_SUPP "VQS-DRV-027"
#define VQR_S_DRV_NOTIF_DATA   "VQS-DRV-029"
#define VQR_S_DRV_ADDR         "VQS-DRV-041"  /* descriptors only inside device-accessible memory */
/* split ring, device */
#define VQR_S_DEV_READONLY     "VQS-DEV-001"
#define VQR_S_DEV_PUBLISH      "VQS-DEV-005"  /* used element before used idx */
#define VQR_S_DEV_USED_LEN     "VQS-DEV-038"  /* len <= writable part */
#define VQR_S_DEV_USED_ID      "VQS-DEV-036"  /* used element names an outstanding head, once */
#define VQR_S_DEV_USED_IDX     "VQS-DEV-037"  /* used idx never ahead of the outstanding buffers */
#define VQR_S_DEV_IN_ORDER     "FEAT-DEV-016"
#define VQR_S_DEV_BATCH_IDX    "VQS-DEV-010"  /* batch element: used idx moves by the batch size */
#define VQR_S_DEV_FLAGS        "VQS-DEV-012"
#define VQR_S_DEV_FLAGS_EVIDX  "VQS-DEV-013"
#define VQR_S_DEV_NOTIFY       "VQS-DEV-015"
#define VQR_S_DEV_NOTIFY_SUPP  "VQS-DEV-016"
#define VQR_S_DEV_NOTIFY_EI    "VQS-DEV-017"
#define VQR_S_DEV_NOTIFY_EI_SUPP "VQS-DEV-018"

#endif /* VQC_REQS_H */
