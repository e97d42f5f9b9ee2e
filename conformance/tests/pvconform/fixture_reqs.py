# SPDX-License-Identifier: GPL-2.0-only
"""Requirement list used by the self-tests (stands in for
spec/build/requirements.json)."""


def _r(rid, level, section, chapter, text, withdrawn=False):
    area, target, _ = rid.split("-")
    return {"id": rid, "area": area, "target": target, "level": level,
            "section": section, "chapter": chapter, "text": text,
            "withdrawn": withdrawn}


REQUIREMENTS = [
    _r("VQP-DRV-001", "MUST", "Packed / Driver", "packed-ring",
       "The driver publishes the flags of the first descriptor of a chain last."),
    _r("VQP-DRV-002", "MUST", "Packed / Driver", "packed-ring",
       "The driver toggles its wrap counter when it wraps."),
    _r("VQP-DRV-003", "MAY", "Packed / Driver", "packed-ring",
       "The driver may send notification data."),
    _r("VQP-DEV-001", "MUST", "Packed / Device", "packed-ring",
       "The device writes a used length no larger than the writable buffer."),
    _r("VQP-DEV-002", "SHOULD", "Packed / Device", "packed-ring",
       "The device honours event suppression."),
    _r("VQP-DEV-003", "MUST", "Packed / Device", "packed-ring",
       "Withdrawn.", withdrawn=True),
    _r("FEAT-DRV-001", "MUST", "Features", "features",
       "The driver sets FEATURES_OK after writing the features it accepts."),
    _r("VQS-DRV-001", "MUST", "Split", "split-ring",
       "The driver lets avail idx wrap at 2^16."),
    _r("KPV-HST-001", "MUST", "KVM CPUID", "kvm-pv",
       "The hypervisor reports the KVMKVMKVM signature."),
    _r("KPV-HST-002", "SHOULD", "KVM CPUID", "kvm-pv",
       "The hypervisor reports its feature leaf."),
    _r("PVT-GST-001", "MUST", "Timer", "pv-timer",
       "The guest reads the timer page with a seqlock."),
]
