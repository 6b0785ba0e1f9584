//! Key management: import, copy, policy and attributes of keys, and generation of
//! unstructured keys (`import_with_policy`, `import_with_data`, `import_large_key`,
//! `check_key_policy`, `copy_success`, `copy_fail`, `key_attributes_init`, `generate_key`).

use super::*;

pub(super) fn bits(v: i64) -> u32 {
    // `size_t` → `psa_set_key_bits`: any value too large for the attribute is too large
    // for a key, which creation rejects.
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Mbed TLS's `test_operations_on_invalid_key`: a destroyed key has no attributes and
/// cannot be exported.
pub(super) fn check_destroyed(c: &Crypto, key: KeyId) -> Outcome {
    let invalid = error_status(Error::InvalidHandle);
    expect(
        "key_attributes after destroy",
        "",
        &c.key_attributes(key),
        invalid,
    )?;
    let mut buf = [0u8; 1];
    expect(
        "export_key after destroy",
        "",
        &c.export_key(key, &mut buf),
        invalid,
    )?;
    let r = c.export_public_key(key, &mut buf);
    expect("export_public_key after destroy", "", &r, invalid)
}

pub(super) fn key_attributes_init() -> Outcome {
    let a = KeyAttributes::default();
    check(
        a.lifetime() == Lifetime::VOLATILE
            && a.key_type() == KeyType::NONE
            && a.bits() == 0
            && a.usage() == Usage::empty()
            && a.algorithm() == Algorithm::NONE,
        || format!("KeyAttributes::default() is {a:?}"),
    )
}

pub(super) fn import_with_policy(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, usage, alg, want) = (a.key_type(0)?, a.usage(1)?, a.alg(2)?, a.int(3)?);
    let subject = format!("{key_type:?}");
    let r = c.import_key(&attrs(key_type, usage, alg), &[0u8; 16]);
    let key = r.as_ref().ok().map(|id| Key::adopt(c, *id));
    expect("import_key", &subject, &r, want)?;
    let Some(key) = key else { return Ok(()) };
    let got = ok("key_attributes", &subject, c.key_attributes(key.id))?;
    check(got.key_type() == key_type, || {
        format!("type {:?}", got.key_type())
    })?;
    check(got.usage() == usage.with_implications(), || {
        format!(
            "usage {:?}, expected {:?}",
            got.usage(),
            usage.with_implications()
        )
    })?;
    check(got.algorithm() == alg, || {
        format!("algorithm {:?}", got.algorithm())
    })?;
    let id = key.id;
    drop(key);
    check_destroyed(c, id)
}

pub(super) fn import_with_data(c: &Crypto, a: &Args) -> Outcome {
    let (data, key_type, attr_bits, want) =
        (a.bytes(0)?, a.key_type(1)?, bits(a.int(2)?), a.int(3)?);
    let subject = format!("{key_type:?}");
    let r = c.import_key(&KeyAttributes::new(key_type, attr_bits), data);
    let key = r.as_ref().ok().map(|id| Key::adopt(c, *id));
    // As in Mbed TLS: when INVALID_ARGUMENT is expected, NOT_SUPPORTED is accepted too.
    if !(want == invalid_argument() && status(&r) == not_supported()) {
        expect("import_key", &subject, &r, want)?;
    }
    let Some(key) = key else { return Ok(()) };
    let got = ok("key_attributes", &subject, c.key_attributes(key.id))?;
    check(got.key_type() == key_type, || {
        format!("type {:?}", got.key_type())
    })?;
    check(attr_bits == 0 || got.bits() == attr_bits, || {
        format!("bits {}, expected {attr_bits}", got.bits())
    })?;
    let id = key.id;
    drop(key);
    check_destroyed(c, id)
}

pub(super) fn import_large_key(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, size, want) = (a.key_type(0)?, a.size(1)?, a.int(2)?);
    let data = vec![b'K'; size];
    let attrs = KeyAttributes::new(key_type, 0).with_usage(Usage::EXPORT);
    let r = c.import_key(&attrs, &data);
    let key = r.as_ref().ok().map(|id| Key::adopt(c, *id));
    if matches!(r, Err(Error::InsufficientMemory)) {
        return Err(Verdict::Skip(
            "large key: INSUFFICIENT_MEMORY (TEST_ASSUME)".into(),
        ));
    }
    expect("import_key", &format!("{key_type:?}"), &r, want)?;
    let Some(key) = key else { return Ok(()) };
    let got = ok("key_attributes", "", c.key_attributes(key.id))?;
    check(
        got.key_type() == key_type && got.bits() as usize == size * 8,
        || format!("attributes {got:?}"),
    )?;
    let mut out = vec![0u8; size + 1];
    let n = ok("export_key", "", c.export_key(key.id, &mut out[..size]))?;
    check(
        n == size && out[..size].iter().all(|b| *b == b'K') && out[size] == 0,
        || "exported key differs".into(),
    )
}

pub(super) fn check_key_policy(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, key_bits, usage, alg) =
        (a.key_type(0)?, bits(a.int(1)?), a.usage(2)?, a.alg(3)?);
    let subject = format!("{key_type:?}");
    let attrs = KeyAttributes::new(key_type, key_bits)
        .with_usage(usage)
        .with_algorithm(alg);
    let key = Key::adopt(c, ok("generate_key", &subject, c.generate_key(&attrs))?);
    let got = ok("key_attributes", &subject, c.key_attributes(key.id))?;
    check(got.key_type() == key_type && got.bits() == key_bits, || {
        format!("type/bits {:?}/{}", got.key_type(), got.bits())
    })?;
    check(got.usage() == usage.with_implications(), || {
        format!(
            "usage {:?}, expected {:?}",
            got.usage(),
            usage.with_implications()
        )
    })?;
    check(got.algorithm() == alg, || {
        format!("algorithm {:?}", got.algorithm())
    })
}

pub(super) fn alg2_skip() -> Verdict {
    Verdict::Skip("enrollment algorithm (alg2): Mbed TLS extension".into())
}

pub(super) fn lifetime(v: i64) -> Lifetime {
    Lifetime::from_raw(v as u32)
}

pub(super) fn copy_success(c: &Crypto, a: &Args) -> Outcome {
    let (src_usage, src_alg, src_alg2) = (a.usage(0)?, a.alg(1)?, a.int(2)?);
    let (src_lifetime, key_type, material) = (lifetime(a.int(3)?), a.key_type(4)?, a.bytes(5)?);
    let (copy_attrs, tgt_usage, tgt_alg, tgt_alg2) = (a.int(6)?, a.int(7)?, a.int(8)?, a.int(9)?);
    let tgt_lifetime = lifetime(a.int(10)?);
    let (exp_usage, exp_alg, exp_alg2) = (a.usage(11)?, a.alg(12)?, a.int(13)?);
    if src_alg2 != 0 || !matches!(tgt_alg2, -1 | 0) || exp_alg2 != 0 {
        return Err(alg2_skip());
    }
    let subject = format!("{key_type:?}");
    let source_attrs = attrs(key_type, src_usage, src_alg).with_lifetime(src_lifetime);
    let source = import(c, &source_attrs, material)?;
    let source_attrs = ok("key_attributes", &subject, c.key_attributes(source.id))?;
    let mut target = if copy_attrs != 0 {
        source_attrs
    } else {
        KeyAttributes::default()
    };
    target.set_lifetime(tgt_lifetime);
    if tgt_usage != -1 {
        target.set_usage(Usage::from_raw(tgt_usage as u32));
    }
    if tgt_alg != -1 {
        target.set_algorithm(Algorithm::from_raw(tgt_alg as u32));
    }
    let copy = Key::adopt(c, ok("copy_key", &subject, c.copy_key(source.id, &target))?);
    drop(source); // Destroying the source must not affect the copy.
    let got = ok("key_attributes", &subject, c.key_attributes(copy.id))?;
    check(
        got.key_type() == source_attrs.key_type() && got.bits() == source_attrs.bits(),
        || format!("copy has type/bits {:?}/{}", got.key_type(), got.bits()),
    )?;
    check(got.usage() == exp_usage, || {
        format!("copy usage {:?}, expected {exp_usage:?}", got.usage())
    })?;
    check(got.algorithm() == exp_alg, || {
        format!("copy algorithm {:?}, expected {exp_alg:?}", got.algorithm())
    })?;
    if exp_usage.contains(Usage::EXPORT) {
        let data = ok("export_key", &subject, c.export_key_to_vec(copy.id))?;
        check(data.as_slice() == material, || {
            "exported copy differs".into()
        })?;
    }
    exercise(c, copy.id, exp_usage, exp_alg)
}

pub(super) fn copy_fail(c: &Crypto, a: &Args) -> Outcome {
    let (src_usage, src_alg, src_alg2) = (a.usage(0)?, a.alg(1)?, a.int(2)?);
    let (src_lifetime, key_type, material) = (lifetime(a.int(3)?), a.key_type(4)?, a.bytes(5)?);
    let (tgt_type, tgt_bits, tgt_usage) = (a.key_type(6)?, bits(a.int(7)?), a.usage(8)?);
    let (tgt_alg, tgt_alg2, tgt_id) = (a.alg(9)?, a.int(10)?, a.int(11)?);
    let (tgt_lifetime, want) = (lifetime(a.int(12)?), a.int(13)?);
    if src_alg2 != 0 || tgt_alg2 != 0 {
        return Err(alg2_skip());
    }
    let subject = format!("{key_type:?}");
    let source = import(
        c,
        &attrs(key_type, src_usage, src_alg).with_lifetime(src_lifetime),
        material,
    )?;
    let mut target = KeyAttributes::default();
    target.set_id(KeyId::from_raw(tgt_id as u32));
    target.set_lifetime(tgt_lifetime);
    target.set_key_type(tgt_type);
    target.set_bits(tgt_bits);
    target.set_usage(tgt_usage);
    target.set_algorithm(tgt_alg);
    let r = c.copy_key(source.id, &target);
    let _copy = r.as_ref().ok().map(|id| Key::adopt(c, *id));
    expect("copy_key", &subject, &r, want)
}

pub(super) fn generate_key(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, key_bits, usage, alg) =
        (a.key_type(0)?, bits(a.int(1)?), a.usage(2)?, a.alg(3)?);
    let (want, large) = (a.int(4)?, a.int(5)? != 0);
    let subject = format!("{key_type:?}");
    let attrs = KeyAttributes::new(key_type, key_bits)
        .with_usage(usage)
        .with_algorithm(alg);
    let r = c.generate_key(&attrs);
    let key = r.as_ref().ok().map(|id| Key::adopt(c, *id));
    if large && matches!(r, Err(Error::InsufficientMemory)) {
        return Err(Verdict::Skip(
            "large key: INSUFFICIENT_MEMORY (TEST_ASSUME)".into(),
        ));
    }
    expect("generate_key", &subject, &r, want)?;
    let Some(key) = key else { return Ok(()) };
    let got = ok("key_attributes", &subject, c.key_attributes(key.id))?;
    check(got.key_type() == key_type && got.bits() == key_bits, || {
        format!("type/bits {:?}/{}", got.key_type(), got.bits())
    })?;
    exercise(c, key.id, usage, alg)
}
