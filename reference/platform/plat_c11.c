// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * plat_c11.c - the one variable behind plat_c11.h's logging hook.
 */
#include "plat.h"

pvref_log_fn_t pvref_log_fn;
