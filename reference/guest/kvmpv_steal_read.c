// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_steal_read.c - reading the steal-time record under its version
 * protocol (spec section "Steal Time", KPV-GST-018).
 */
#include "plat.h"
#include "kvmpv_guest.h"

int kvmpv_steal_time_read(const volatile struct kvmpv_steal_time *st, unsigned max_tries,
			  struct kvmpv_steal_snapshot *out)
{
	unsigned tries = 0;

	do {
		uint32_t v1, v2;
		uint64_t steal;

		v1 = pvref_le32(st->version);
		/* Orders the version load before the steal load; pairs with
		 * the host's write barrier after making version odd. */
		pvref_rmb();
		steal = pvref_le64(st->steal);
		/* Orders the steal load before the second version load; pairs
		 * with the host's write barrier before making version even. */
		pvref_rmb();
		v2 = pvref_le32(st->version);
		if (!(v1 & 1) && v1 == v2) {
			out->steal = steal;
			out->version = v1;
			return 0;
		}
	} while (max_tries == 0 || ++tries < max_tries);
	return -VIRTQ_EBROKEN;
}
