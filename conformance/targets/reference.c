// SPDX-License-Identifier: GPL-2.0-only
/*
 * reference.c - the reference targets: libpvref's driver and device, packed
 * and split, both roles (conformance/targets/reference.cfg runs them).
 */
#include "reference.h"

static const struct pvc_target ref_packed = {
	.name = "reference-packed",
	.peer = "pvspec reference 0.1",
	.layout = VIRTQ_LAYOUT_PACKED,
	.drv = &pvc_reference_drv_ops,
	.dev = &pvc_reference_dev_ops,
};

static const struct pvc_target ref_split = {
	.name = "reference-split",
	.peer = "pvspec reference 0.1",
	.layout = VIRTQ_LAYOUT_SPLIT,
	.drv = &pvc_reference_drv_ops,
	.dev = &pvc_reference_dev_ops,
};

__attribute__((constructor)) static void pvc_reference_register(void)
{
	pvc_target_register(&ref_packed);
	pvc_target_register(&ref_split);
}
