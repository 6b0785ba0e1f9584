//! Mbed TLS's persistent-key and slot-management suites
//! (`test_suite_psa_crypto_persistent_key.data`, `test_suite_psa_crypto_slot_management.data`)
//! over the public API: persistent keys survive a purge and a restart, destroy removes
//! them from storage, ids and lifetimes are checked at creation, copies across lifetimes
//! and onto occupied ids behave as the spec says.
//!
//! "Restart" (Mbed TLS's `PSA_DONE(); psa_crypto_init()`) is a new `Crypto` instance over
//! the same storage. Not run, with the reason: Mbed TLS's storage format
//! (`*_storage_data_check`, `load_primed_storage`), key owners
//! (`MBEDTLS_PSA_CRYPTO_KEY_ID_ENCODES_OWNER`; without it Mbed TLS ignores the owner
//! arguments, and so does this runner), the legacy handle API (`psa_open_key`,
//! `psa_close_key`), and checks of Mbed TLS's fixed slot count.

use std::sync::Arc;

use strongroom::{Config, MemoryStorage, Storage};

use super::*;

/// A `Crypto` instance that can be restarted over the same storage.
pub(super) struct Session {
    storage: Arc<MemoryStorage>,
    pub(super) c: Crypto,
}

impl Session {
    pub(super) fn new() -> Self {
        let storage = Arc::new(MemoryStorage::new());
        let c = Crypto::with_storage(storage.clone(), Config::default());
        Self { storage, c }
    }
    /// Mbed TLS's `mbedtls_psa_crypto_free(); psa_crypto_init()`: volatile keys are gone,
    /// persistent ones are reloaded from storage.
    fn restart(&mut self) {
        self.c = Crypto::with_storage(self.storage.clone(), Config::default());
    }
    /// Mbed TLS's `psa_is_key_present_in_storage`.
    fn in_storage(&self, id: KeyId) -> bool {
        self.storage.exists(u64::from(id.raw())).unwrap_or(false)
    }
    /// Removes every key this case left behind, so cases stay independent.
    fn clean(&mut self) {
        for id in self.c.volatile_keys() {
            let _ = self.c.destroy_key(id);
        }
        for id in self.c.persistent_keys().unwrap_or_default() {
            let _ = self.c.destroy_key(id);
        }
    }
}

impl core::fmt::Debug for Session {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Session")
    }
}

/// The text of an argument that names one of the test function's own enumerators.
fn enumerator(a: &Args, i: usize) -> Result<String, Verdict> {
    match a.0.arg(i) {
        Ok(strongroom_vectors::Arg::Expr(e)) => Ok(e.clone()),
        _ => Err(Verdict::Fail(format!("argument {i} is not a name"))),
    }
}

fn key_id(v: i64) -> KeyId {
    KeyId::from_raw(v as u32)
}

fn persistent_attrs(id: KeyId, lifetime: Lifetime, key_type: KeyType) -> KeyAttributes {
    let mut attrs = KeyAttributes::new(key_type, 0);
    attrs.set_id(id);
    attrs.set_lifetime(lifetime);
    attrs
}

// ---------------------------------------------------------------------------------------
// test_suite_psa_crypto_persistent_key

pub(super) fn import_export_persistent_key(s: &mut Session, a: &Args) -> Outcome {
    let (data, key_type, bits, restart, not_exist) = (
        a.bytes(0)?,
        a.key_type(1)?,
        a.int(2)?,
        a.int(3)? != 0,
        a.int(4)? != 0,
    );
    let subject = format!("{key_type:?}");
    let id = KeyId::from_raw(42);
    let attrs = persistent_attrs(id, Lifetime::PERSISTENT, key_type).with_usage(Usage::EXPORT);
    let got = ok("import_key", &subject, s.c.import_key(&attrs, data))?;
    check(got == id, || format!("import returned {got}"))?;
    if restart {
        ok("purge_key", &subject, s.c.purge_key(id))?;
        s.restart();
    }
    let got = ok("key_attributes", &subject, s.c.key_attributes(id))?;
    check(
        got.id() == id
            && got.lifetime() == Lifetime::PERSISTENT
            && got.key_type() == key_type
            && i64::from(got.bits()) == bits
            && got.usage() == Usage::EXPORT
            && got.algorithm() == Algorithm::NONE,
        || format!("attributes {got:?}"),
    )?;
    check(s.in_storage(id), || "key not in storage".into())?;
    if not_exist {
        // Mbed TLS's psa_destroy_persistent_key: the record goes, the loaded key stays.
        let _ = s.storage.remove(u64::from(id.raw()));
    }
    let exported = ok("export_key", &subject, s.c.export_key_to_vec(id))?;
    check(exported.as_slice() == data, || {
        "exported key differs".into()
    })?;
    ok("destroy_key", &subject, s.c.destroy_key(id))?;
    check(!s.in_storage(id), || {
        "key still in storage after destroy".into()
    })
}

pub(super) fn persistent_key_import(s: &mut Session, a: &Args) -> Outcome {
    // Argument 0 is the owner, which Mbed TLS ignores without owner encoding.
    let (id, key_type, data) = (key_id(a.int(1)?), a.key_type(2)?, a.bytes(3)?);
    let (restart, want) = (a.int(4)? != 0, a.int(5)?);
    let subject = format!("{key_type:?}");
    let attrs = persistent_attrs(id, Lifetime::PERSISTENT, key_type);
    let r = s.c.import_key(&attrs, data);
    expect("import_key", &subject, &r, want)?;
    if want != 0 {
        return check(!s.in_storage(id), || "failed import left a record".into());
    }
    if restart {
        ok("purge_key", &subject, s.c.purge_key(id))?;
        s.restart();
    }
    let got = ok("key_attributes", &subject, s.c.key_attributes(id))?;
    check(
        got.id() == id
            && got.lifetime() == Lifetime::PERSISTENT
            && got.key_type() == key_type
            && got.usage() == Usage::empty()
            && got.algorithm() == Algorithm::NONE,
        || format!("attributes {got:?}"),
    )?;
    ok("destroy_key", &subject, s.c.destroy_key(id))
}

pub(super) fn persistent_key_destroy(s: &mut Session, a: &Args) -> Outcome {
    let (id, restart) = (key_id(a.int(1)?), a.int(2)? != 0);
    let (type1, data1, type2, data2) = (a.key_type(3)?, a.bytes(4)?, a.key_type(5)?, a.bytes(6)?);
    let subject = format!("{type1:?}");
    ok(
        "import_key",
        &subject,
        s.c.import_key(&persistent_attrs(id, Lifetime::PERSISTENT, type1), data1),
    )?;
    if restart {
        ok("purge_key", &subject, s.c.purge_key(id))?;
        s.restart();
    }
    check(s.in_storage(id), || "key not in storage".into())?;
    ok("destroy_key", &subject, s.c.destroy_key(id))?;
    check(!s.in_storage(id), || {
        "key still in storage after destroy".into()
    })?;
    s.restart();
    let subject = format!("{type2:?}");
    ok(
        "import_key into the freed id",
        &subject,
        s.c.import_key(&persistent_attrs(id, Lifetime::PERSISTENT, type2), data2),
    )?;
    ok("destroy_key", &subject, s.c.destroy_key(id))
}

pub(super) fn destroy_nonexistent(s: &mut Session, a: &Args) -> Outcome {
    let (id, want) = (key_id(a.int(0)?), a.int(1)?);
    expect("destroy_key", "", &s.c.destroy_key(id), want)
}

// ---------------------------------------------------------------------------------------
// test_suite_psa_crypto_slot_management

fn legacy_close() -> Verdict {
    Verdict::Skip("legacy handle API (psa_close_key / psa_open_key): not in PSA 1.2".into())
}

/// What a case does to invalidate its key: (destroy?, purge?, restart?).
fn invalidation(method: &str) -> Result<(bool, bool, bool), Verdict> {
    Ok(match method {
        "INVALIDATE_BY_DESTROYING" => (true, false, false),
        "INVALIDATE_BY_DESTROYING_WITH_SHUTDOWN" => (true, false, true),
        "INVALIDATE_BY_PURGING" => (false, true, false),
        "INVALIDATE_BY_PURGING_WITH_SHUTDOWN" => (false, true, true),
        "INVALIDATE_BY_SHUTDOWN" => (false, false, true),
        m if m.starts_with("INVALIDATE_BY_CLOSING") => return Err(legacy_close()),
        m => return Err(Verdict::Fail(format!("unknown invalidation {m}"))),
    })
}

fn invalidate(s: &mut Session, id: KeyId, method: (bool, bool, bool)) -> Outcome {
    let (destroy, purge, restart) = method;
    if destroy {
        ok("destroy_key", "", s.c.destroy_key(id))?;
    }
    if purge {
        ok("purge_key", "", s.c.purge_key(id))?;
    }
    if restart {
        s.restart();
    }
    Ok(())
}

pub(super) fn transient_slot_lifecycle(s: &mut Session, a: &Args) -> Outcome {
    let (usage, alg, key_type, data) = (a.usage(1)?, a.alg(2)?, a.key_type(3)?, a.bytes(4)?);
    let method = invalidation(&enumerator(a, 5)?)?;
    let subject = format!("{key_type:?}");
    let attrs = KeyAttributes::new(key_type, 0)
        .with_usage(usage)
        .with_algorithm(alg);
    let id = ok("import_key", &subject, s.c.import_key(&attrs, data))?;
    check(!id.is_null(), || "null id".into())?;
    let got = ok("key_attributes", &subject, s.c.key_attributes(id))?;
    check(got.key_type() == key_type, || {
        format!("type {:?}", got.key_type())
    })?;
    // Purging a volatile key leaves it valid.
    ok("purge_key of a volatile key", &subject, s.c.purge_key(id))?;
    ok(
        "key_attributes after purge",
        &subject,
        s.c.key_attributes(id),
    )?;
    invalidate(s, id, method)?;
    let invalid = error_status(Error::InvalidHandle);
    expect("key_attributes", &subject, &s.c.key_attributes(id), invalid)
}

pub(super) fn persistent_slot_lifecycle(s: &mut Session, a: &Args) -> Outcome {
    let (lifetime, id) = (lifetime(a.int(0)?), key_id(a.int(2)?));
    let (usage, alg, alg2) = (a.usage(3)?, a.alg(4)?, a.int(5)?);
    let (key_type, data) = (a.key_type(6)?, a.bytes(7)?);
    let method = invalidation(&enumerator(a, 8)?)?;
    if alg2 != 0 {
        return Err(alg2_skip());
    }
    let subject = format!("{key_type:?}");
    let attrs = persistent_attrs(id, lifetime, key_type)
        .with_usage(usage)
        .with_algorithm(alg);
    let got = ok("import_key", &subject, s.c.import_key(&attrs, data))?;
    check(got == id, || format!("import returned {got}"))?;
    let before = ok("key_attributes", &subject, s.c.key_attributes(id))?;
    check(
        before.lifetime() == lifetime
            && before.id() == id
            && before.usage() == usage.with_implications()
            && before.algorithm() == alg
            && before.key_type() == key_type,
        || format!("attributes {before:?}"),
    )?;
    invalidate(s, id, method)?;
    if method.0 {
        let invalid = error_status(Error::InvalidHandle);
        return expect(
            "key_attributes of a destroyed key",
            "",
            &s.c.key_attributes(id),
            invalid,
        );
    }
    let after = ok(
        "key_attributes after reload",
        &subject,
        s.c.key_attributes(id),
    )?;
    check(after == before, || {
        format!("attributes changed: {before:?} → {after:?}")
    })?;
    let r = s.c.export_key_to_vec(id);
    if usage.contains(Usage::EXPORT) {
        let exported = ok("export_key", &subject, r)?;
        check(exported.as_slice() == data, || {
            "exported key differs".into()
        })?;
    } else {
        expect(
            "export_key",
            &subject,
            &r,
            error_status(Error::NotPermitted),
        )?;
    }
    ok("destroy_key", &subject, s.c.destroy_key(id))
}

pub(super) fn create_existent(s: &mut Session, a: &Args) -> Outcome {
    let (lifetime, id) = (lifetime(a.int(0)?), key_id(a.int(2)?));
    if enumerator(a, 3)? != "KEEP_OPEN" {
        return Err(legacy_close());
    }
    let attrs = persistent_attrs(id, lifetime, KeyType::RAW_DATA).with_usage(Usage::EXPORT);
    ok("import_key", "RAW_DATA", s.c.import_key(&attrs, b"a key"))?;
    let r = s.c.import_key(&attrs, b"b key");
    expect(
        "import_key over an existing key",
        "",
        &r,
        error_status(Error::AlreadyExists),
    )?;
    let got = ok("key_attributes", "", s.c.key_attributes(id))?;
    check(
        got.id() == id
            && got.lifetime() == lifetime
            && got.key_type() == KeyType::RAW_DATA
            && got.bits() == 40
            && got.usage() == Usage::EXPORT
            && got.algorithm() == Algorithm::NONE,
        || format!("attributes {got:?}"),
    )?;
    let exported = ok("export_key", "", s.c.export_key_to_vec(id))?;
    check(exported.as_slice() == b"a key", || "the key changed".into())?;
    ok("destroy_key", "", s.c.destroy_key(id))
}

pub(super) fn create_fail(s: &mut Session, a: &Args) -> Outcome {
    let (lifetime, id, want) = (lifetime(a.int(0)?), key_id(a.int(1)?), a.int(2)?);
    let mut attrs = KeyAttributes::new(KeyType::RAW_DATA, 0).with_lifetime(lifetime);
    if lifetime.is_volatile() {
        // Mbed TLS writes the id into the attributes directly: the setters cannot make a
        // volatile key with an id.
        attrs = attrs.with_assigned_id(id);
    } else {
        attrs.set_id(id);
        attrs.set_lifetime(lifetime);
    }
    let r = s.c.import_key(&attrs, b"k");
    expect("import_key", "", &r, want)
}

pub(super) fn copy_across_lifetimes(s: &mut Session, a: &Args) -> Outcome {
    let (src_lifetime, src_id) = (lifetime(a.int(0)?), key_id(a.int(2)?));
    let (src_usage, src_alg, src_alg2) = (a.usage(3)?, a.alg(4)?, a.int(5)?);
    let (key_type, material) = (a.key_type(6)?, a.bytes(7)?);
    let (tgt_lifetime, tgt_id) = (lifetime(a.int(8)?), key_id(a.int(10)?));
    let (tgt_usage, tgt_alg, tgt_alg2) = (a.usage(11)?, a.alg(12)?, a.int(13)?);
    let (exp_usage, exp_alg, exp_alg2) = (a.usage(14)?, a.alg(15)?, a.int(16)?);
    if src_alg2 != 0 || tgt_alg2 != 0 || exp_alg2 != 0 {
        return Err(alg2_skip());
    }
    let subject = format!("{key_type:?}");
    let source_attrs = persistent_attrs(src_id, src_lifetime, key_type)
        .with_usage(src_usage)
        .with_algorithm(src_alg);
    let source = ok(
        "import_key",
        &subject,
        s.c.import_key(&source_attrs, material),
    )?;
    let source_attrs = ok("key_attributes", &subject, s.c.key_attributes(source))?;
    let target_attrs = persistent_attrs(tgt_id, tgt_lifetime, KeyType::NONE)
        .with_usage(tgt_usage)
        .with_algorithm(tgt_alg);
    let target = ok("copy_key", &subject, s.c.copy_key(source, &target_attrs))?;
    ok(
        "destroy_key of the source",
        &subject,
        s.c.destroy_key(source),
    )?;
    if !tgt_lifetime.is_volatile() {
        s.restart();
    }
    let got = ok(
        "key_attributes of the copy",
        &subject,
        s.c.key_attributes(target),
    )?;
    check(tgt_lifetime.is_volatile() || got.id() == tgt_id, || {
        format!("copy id {}", got.id())
    })?;
    check(
        got.lifetime() == tgt_lifetime
            && got.key_type() == key_type
            && got.bits() == source_attrs.bits()
            && got.usage() == exp_usage
            && got.algorithm() == exp_alg,
        || format!("copy attributes {got:?}"),
    )?;
    let r = s.c.export_key_to_vec(target);
    if exp_usage.contains(Usage::EXPORT) {
        let exported = ok("export_key", &subject, r)?;
        check(exported.as_slice() == material, || {
            "exported copy differs".into()
        })?;
    } else {
        expect(
            "export_key",
            &subject,
            &r,
            error_status(Error::NotPermitted),
        )?;
    }
    ok("destroy_key of the copy", &subject, s.c.destroy_key(target))
}

pub(super) fn copy_to_occupied(s: &mut Session, a: &Args) -> Outcome {
    let (src_lifetime, src_id) = (lifetime(a.int(0)?), key_id(a.int(1)?));
    let (src_usage, src_alg, src_type, src_material) =
        (a.usage(2)?, a.alg(3)?, a.key_type(4)?, a.bytes(5)?);
    let (tgt_lifetime, tgt_id) = (lifetime(a.int(6)?), key_id(a.int(7)?));
    let (tgt_usage, tgt_alg, tgt_type, tgt_material) =
        (a.usage(8)?, a.alg(9)?, a.key_type(10)?, a.bytes(11)?);
    let subject = format!("{src_type:?}");
    let mut source_attrs = KeyAttributes::new(src_type, 0)
        .with_usage(src_usage)
        .with_algorithm(src_alg);
    if !src_lifetime.is_volatile() {
        source_attrs.set_id(src_id);
        source_attrs.set_lifetime(src_lifetime);
    }
    let source = ok(
        "import_key",
        &subject,
        s.c.import_key(&source_attrs, src_material),
    )?;
    let target = if tgt_id == src_id {
        source
    } else {
        let attrs = persistent_attrs(tgt_id, tgt_lifetime, tgt_type)
            .with_usage(tgt_usage)
            .with_algorithm(tgt_alg);
        ok("import_key", &subject, s.c.import_key(&attrs, tgt_material))?
    };
    let before = ok("key_attributes", &subject, s.c.key_attributes(target))?;
    let mut copy_attrs = source_attrs;
    copy_attrs.set_id(tgt_id);
    copy_attrs.set_lifetime(tgt_lifetime);
    let r = s.c.copy_key(source, &copy_attrs);
    expect(
        "copy_key onto an occupied id",
        &subject,
        &r,
        error_status(Error::AlreadyExists),
    )?;
    let after = ok("key_attributes", &subject, s.c.key_attributes(target))?;
    check(after == before, || {
        format!("target changed: {before:?} → {after:?}")
    })?;
    if tgt_usage.contains(Usage::EXPORT) {
        let exported = ok("export_key", &subject, s.c.export_key_to_vec(target))?;
        check(exported.as_slice() == tgt_material, || {
            "target material changed".into()
        })?;
    }
    Ok(())
}

/// Runs a case of the two storage suites.
pub(super) fn run_storage_case(s: &mut Session, case: &Case) -> Verdict {
    if let Err(why) = support::deps::check(case) {
        return Verdict::Skip(why);
    }
    let a = Args(case);
    let r = match case.function.as_str() {
        "import_export_persistent_key" => import_export_persistent_key(s, &a),
        "persistent_key_import" => persistent_key_import(s, &a),
        "persistent_key_destroy" => persistent_key_destroy(s, &a),
        "destroy_nonexistent" => destroy_nonexistent(s, &a),
        "transient_slot_lifecycle" => transient_slot_lifecycle(s, &a),
        "persistent_slot_lifecycle" => persistent_slot_lifecycle(s, &a),
        "create_existent" => create_existent(s, &a),
        "create_fail" => create_fail(s, &a),
        "copy_across_lifetimes" => copy_across_lifetimes(s, &a),
        "copy_to_occupied" => copy_to_occupied(s, &a),
        "format_storage_data_check" | "parse_storage_data_check" | "load_primed_storage" => {
            Err(Verdict::Skip("Mbed TLS's key storage format".into()))
        }
        "save_large_persistent_key" => Err(Verdict::Skip(
            "Mbed TLS's storage size limit (PSA_CRYPTO_MAX_STORAGE_SIZE)".into(),
        )),
        "key_id_ranges" => Err(Verdict::Skip(
            "Mbed TLS's library-private key id ranges (volatile, built-in)".into(),
        )),
        "open_fail" | "invalid_handle" => Err(legacy_close()),
        "fill_key_store"
        | "many_transient_keys"
        | "key_slot_eviction_to_import_new_key"
        | "non_reusable_key_slots_integrity_in_case_of_key_slot_starvation" => Err(Verdict::Skip(
            "Mbed TLS's fixed key slot count (Strongroom has none)".into(),
        )),
        f => Err(Verdict::Fail(format!("no runner for {f}"))),
    };
    s.clean();
    verdict(r)
}
