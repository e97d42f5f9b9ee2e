/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * plat_guest.h - the reference driver's platform header in the test guest:
 * plat_gnuc.h's barriers and byte order (the device is QEMU on the same
 * coherent x86 host, so CPU-strength barriers are the right ones), with the
 * driver's log events printed as KTAP diagnostics.
 */
#ifndef GUEST_PLAT_GUEST_H
#define GUEST_PLAT_GUEST_H

void guest_pvref_log(int level, const char *msg, uint64_t a, uint64_t b);
#define PVREF_GNUC_LOG(level, msg, a, b) guest_pvref_log(level, msg, a, b)
#include "plat_gnuc.h"

#endif /* GUEST_PLAT_GUEST_H */
