//! The key-management and first-algorithm API, call by call: exact PSA status codes for
//! every misuse, persistence across reopen, the memory bound and eviction, stale ids.

use std::path::PathBuf;
use std::sync::Arc;

use strongroom::{
    Algorithm, Config, Crypto, EccFamily, Error, FileStorage, KeyAttributes, KeyId, KeyType,
    Lifetime, Usage, VOLATILE_MAX, VOLATILE_MIN,
};

const HMAC256: Algorithm = Algorithm::hmac(Algorithm::SHA_256);

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("strongroom-api-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn hmac_attrs() -> KeyAttributes {
    KeyAttributes::new(KeyType::HMAC, 0)
        .with_usage(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE | Usage::EXPORT)
        .with_algorithm(HMAC256)
}

fn mac(c: &Crypto, key: KeyId, msg: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = [0u8; 64];
    let n = c.mac_compute(key, HMAC256, msg, &mut out)?;
    Ok(out[..n].to_vec())
}

#[test]
fn volatile_import_export_and_attributes() {
    let c = Crypto::in_memory();
    let key = c
        .import_key(
            &hmac_attrs().with_usage(Usage::SIGN_HASH | Usage::EXPORT),
            &[7; 32],
        )
        .unwrap();
    assert!((VOLATILE_MIN..=VOLATILE_MAX).contains(&key.raw()));
    let a = c.key_attributes(key).unwrap();
    assert_eq!(a.id(), key);
    assert_eq!(a.lifetime(), Lifetime::VOLATILE);
    assert_eq!(a.bits(), 256);
    assert_eq!(a.key_type(), KeyType::HMAC);
    assert!(
        a.usage().contains(Usage::SIGN_MESSAGE),
        "SIGN_HASH implies SIGN_MESSAGE"
    );
    assert_eq!(&c.export_key_to_vec(key).unwrap()[..], &[7; 32]);
    let mut small = [0u8; 31];
    assert_eq!(c.export_key(key, &mut small), Err(Error::BufferTooSmall));
}

#[test]
fn export_needs_the_export_flag() {
    let c = Crypto::in_memory();
    let key = c
        .import_key(&hmac_attrs().with_usage(Usage::SIGN_MESSAGE), &[1; 16])
        .unwrap();
    let mut out = [0u8; 16];
    assert_eq!(c.export_key(key, &mut out), Err(Error::NotPermitted));
}

#[test]
fn invalid_creation_attributes() {
    let c = Crypto::in_memory();
    // volatile lifetime with an id
    let a = hmac_attrs().with_assigned_id(KeyId::from_raw(5));
    assert_eq!(c.import_key(&a, &[1; 16]), Err(Error::InvalidArgument));
    // persistent without an id
    let a = hmac_attrs().with_lifetime(Lifetime::PERSISTENT);
    assert_eq!(c.import_key(&a, &[1; 16]), Err(Error::InvalidArgument));
    // persistent id outside the user range
    let a = hmac_attrs().with_id(KeyId::from_raw(0x4000_0001));
    assert_eq!(c.import_key(&a, &[1; 16]), Err(Error::InvalidArgument));
    // declared bits disagree with the data
    let a = hmac_attrs().with_bits(128);
    assert_eq!(c.import_key(&a, &[1; 32]), Err(Error::InvalidArgument));
    // empty data, bad AES size
    assert_eq!(
        c.import_key(&hmac_attrs(), &[]),
        Err(Error::InvalidArgument)
    );
    let aes = KeyAttributes::new(KeyType::AES, 0).with_usage(Usage::ENCRYPT);
    assert_eq!(c.import_key(&aes, &[0; 17]), Err(Error::InvalidArgument));
    // an ECC private key must be a scalar in [1, n-1] of exactly the curve's size
    let ecc = KeyAttributes::new(KeyType::ecc_key_pair(EccFamily::SECP_R1), 256);
    assert_eq!(c.import_key(&ecc, &[0; 32]), Err(Error::InvalidArgument));
    assert_eq!(c.import_key(&ecc, &[1; 31]), Err(Error::InvalidArgument));
    assert_eq!(c.import_key(&ecc, &[0xff; 32]), Err(Error::InvalidArgument));
    // a curve with no implementation
    let sect = KeyAttributes::new(KeyType::ecc_key_pair(EccFamily::SECT_K1), 163);
    assert_eq!(c.generate_key(&sect), Err(Error::NotSupported));
}

#[test]
fn generate_sizes() {
    let c = Crypto::in_memory();
    let k = c.generate_key(&hmac_attrs().with_bits(256)).unwrap();
    assert_eq!(c.export_key_to_vec(k).unwrap().len(), 32);
    let aes = KeyAttributes::new(KeyType::AES, 100).with_usage(Usage::ENCRYPT);
    assert_eq!(c.generate_key(&aes), Err(Error::InvalidArgument));
    assert_eq!(c.generate_key(&hmac_attrs()), Err(Error::InvalidArgument)); // 0 bits
    let aes = KeyAttributes::new(KeyType::AES, 192).with_usage(Usage::EXPORT);
    let k = c.generate_key(&aes).unwrap();
    assert_eq!(c.key_attributes(k).unwrap().bits(), 192);
    let a = c.export_key_to_vec(k).unwrap();
    let k2 = c.generate_key(&aes).unwrap();
    assert_ne!(
        a,
        c.export_key_to_vec(k2).unwrap(),
        "two generated keys are equal"
    );
}

#[test]
fn destroy_semantics() {
    let c = Crypto::in_memory();
    let key = c.import_key(&hmac_attrs(), &[3; 32]).unwrap();
    assert!(mac(&c, key, b"m").is_ok());
    assert_eq!(c.destroy_key(key), Ok(()));
    assert_eq!(c.destroy_key(key), Err(Error::InvalidHandle));
    assert_eq!(mac(&c, key, b"m"), Err(Error::InvalidHandle));
    assert_eq!(c.key_attributes(key), Err(Error::InvalidHandle));
    assert_eq!(c.destroy_key(KeyId::NULL), Ok(()));
    assert_eq!(c.key_attributes(KeyId::NULL), Err(Error::InvalidHandle));
    // a destroyed volatile id is not handed out again
    let next = c.import_key(&hmac_attrs(), &[4; 32]).unwrap();
    assert_ne!(next, key);
    assert!(!c.volatile_keys().contains(&key));
    assert!(c.volatile_keys().contains(&next));
}

#[test]
fn persistent_keys_survive_reopen_and_destroy_is_durable() {
    let dir = temp_dir("reopen");
    let id = KeyId::from_raw(42);
    let expected = {
        let c = Crypto::open(&dir).unwrap();
        let k = c.import_key(&hmac_attrs().with_id(id), &[9; 32]).unwrap();
        assert_eq!(k, id);
        assert_eq!(
            c.import_key(&hmac_attrs().with_id(id), &[8; 32]),
            Err(Error::AlreadyExists)
        );
        mac(&c, id, b"hello").unwrap()
    };
    {
        let c = Crypto::open(&dir).unwrap();
        assert_eq!(c.persistent_keys().unwrap(), vec![id]);
        // not in memory yet: creation must still see it in storage
        assert_eq!(
            c.import_key(&hmac_attrs().with_id(id), &[8; 32]),
            Err(Error::AlreadyExists)
        );
        assert_eq!(mac(&c, id, b"hello").unwrap(), expected);
        let a = c.key_attributes(id).unwrap();
        assert_eq!(a.lifetime(), Lifetime::PERSISTENT);
        assert_eq!(a.bits(), 256);
        c.destroy_key(id).unwrap();
        assert_eq!(mac(&c, id, b"hello"), Err(Error::InvalidHandle));
    }
    let c = Crypto::open(&dir).unwrap();
    assert!(c.persistent_keys().unwrap().is_empty());
    assert_eq!(c.destroy_key(id), Err(Error::InvalidHandle));
    // the id is free again
    c.import_key(&hmac_attrs().with_id(id), &[1; 32]).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn destroy_without_loading_and_of_a_corrupt_key() {
    let dir = temp_dir("corrupt");
    let id = KeyId::from_raw(7);
    {
        let c = Crypto::open(&dir).unwrap();
        c.import_key(&hmac_attrs().with_id(id), &[9; 32]).unwrap();
        c.import_key(&hmac_attrs().with_id(KeyId::from_raw(8)), &[9; 32])
            .unwrap();
    }
    // damage key 7's file: flip a byte in the payload
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .ends_with("0000000000000007.srk")
        })
        .expect("key file");
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&file, bytes).unwrap();
    let c = Crypto::open(&dir).unwrap();
    assert_eq!(mac(&c, id, b"x"), Err(Error::DataCorrupt));
    assert_eq!(
        c.destroy_key(id),
        Ok(()),
        "a corrupt key can still be destroyed"
    );
    assert_eq!(mac(&c, id, b"x"), Err(Error::InvalidHandle));
    // uncached destroy of a sound key
    assert_eq!(c.destroy_key(KeyId::from_raw(8)), Ok(()));
    assert!(c.persistent_keys().unwrap().is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn purge() {
    let c = Crypto::in_memory();
    let id = KeyId::from_raw(11);
    c.import_key(&hmac_attrs().with_id(id), &[5; 32]).unwrap();
    let before = mac(&c, id, b"p").unwrap();
    assert_eq!(c.purge_key(id), Ok(()));
    assert_eq!(
        c.purge_key(id),
        Ok(()),
        "purging a key not in memory succeeds"
    );
    assert_eq!(
        mac(&c, id, b"p").unwrap(),
        before,
        "purged key reloads from storage"
    );
    let v = c.import_key(&hmac_attrs(), &[5; 32]).unwrap();
    assert_eq!(c.purge_key(v), Ok(()));
    assert_eq!(
        mac(&c, v, b"p").unwrap(),
        before,
        "purge leaves a volatile key alone"
    );
    assert_eq!(c.purge_key(KeyId::from_raw(12)), Err(Error::InvalidHandle));
}

#[test]
fn copy_key_policy() {
    let c = Crypto::in_memory();
    let no_copy = c.import_key(&hmac_attrs(), &[5; 32]).unwrap();
    assert_eq!(c.copy_key(no_copy, &hmac_attrs()), Err(Error::NotPermitted));
    let src = c
        .import_key(
            &hmac_attrs().with_usage(Usage::SIGN_MESSAGE | Usage::COPY | Usage::EXPORT),
            &[5; 32],
        )
        .unwrap();
    let target = KeyAttributes::default()
        .with_usage(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE)
        .with_algorithm(HMAC256)
        .with_id(KeyId::from_raw(99));
    let copy = c.copy_key(src, &target).unwrap();
    assert_eq!(copy, KeyId::from_raw(99));
    let a = c.key_attributes(copy).unwrap();
    assert_eq!(a.usage(), Usage::SIGN_MESSAGE, "usage is the intersection");
    assert_eq!(a.bits(), 256);
    assert_eq!(mac(&c, copy, b"z").unwrap(), mac(&c, src, b"z").unwrap());
    let wrong_type = KeyAttributes::new(KeyType::AES, 0).with_usage(Usage::SIGN_MESSAGE);
    assert_eq!(c.copy_key(src, &wrong_type), Err(Error::InvalidArgument));
    let wrong_bits = KeyAttributes::new(KeyType::HMAC, 128).with_usage(Usage::SIGN_MESSAGE);
    assert_eq!(c.copy_key(src, &wrong_bits), Err(Error::InvalidArgument));
}

#[test]
fn mac_policy_and_results() {
    let c = Crypto::in_memory();
    // RFC 4231 test case 2
    let key = c
        .import_key(
            &hmac_attrs().with_usage(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE),
            b"Jefe",
        )
        .unwrap();
    let msg = b"what do ya want for nothing?";
    let tag = mac(&c, key, msg).unwrap();
    assert_eq!(
        tag,
        hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    );
    assert_eq!(c.mac_verify(key, HMAC256, msg, &tag), Ok(()));
    let mut bad = tag.clone();
    bad[31] ^= 1;
    assert_eq!(
        c.mac_verify(key, HMAC256, msg, &bad),
        Err(Error::InvalidSignature)
    );
    assert_eq!(
        c.mac_verify(key, HMAC256, msg, &tag[..31]),
        Err(Error::InvalidSignature)
    );
    let mut small = [0u8; 31];
    assert_eq!(
        c.mac_compute(key, HMAC256, msg, &mut small),
        Err(Error::BufferTooSmall)
    );
    // another hash than the policy's
    let h384 = Algorithm::hmac(Algorithm::SHA_384);
    let mut out = [0u8; 64];
    assert_eq!(
        c.mac_compute(key, h384, msg, &mut out),
        Err(Error::NotPermitted)
    );
    // not a MAC algorithm
    assert_eq!(
        c.mac_compute(key, Algorithm::SHA_256, msg, &mut out),
        Err(Error::InvalidArgument)
    );
    // usage missing
    let sign_only = c
        .import_key(&hmac_attrs().with_usage(Usage::SIGN_MESSAGE), b"Jefe")
        .unwrap();
    assert_eq!(
        c.mac_verify(sign_only, HMAC256, msg, &tag),
        Err(Error::NotPermitted)
    );
    // at-least-this-length policy permits a 16-byte truncation, not an 8-byte one
    let wild = Algorithm::at_least_this_length_mac(HMAC256, 16);
    let k = c
        .import_key(&hmac_attrs().with_algorithm(wild), b"Jefe")
        .unwrap();
    let t16 = Algorithm::truncated_mac(HMAC256, 16);
    let n = c.mac_compute(k, t16, msg, &mut out).unwrap();
    assert_eq!(&out[..n], &tag[..16]);
    let t8 = Algorithm::truncated_mac(HMAC256, 8);
    assert_eq!(
        c.mac_compute(k, t8, msg, &mut out),
        Err(Error::NotPermitted)
    );
    // an HMAC algorithm on a non-HMAC key
    let raw = KeyAttributes::new(KeyType::RAW_DATA, 0)
        .with_usage(Usage::SIGN_MESSAGE)
        .with_algorithm(HMAC256);
    let r = c.import_key(&raw, b"Jefe").unwrap();
    assert_eq!(
        c.mac_compute(r, HMAC256, msg, &mut out),
        Err(Error::InvalidArgument)
    );
}

#[test]
fn hash_compute_and_compare() {
    let c = Crypto::in_memory();
    let mut out = [0u8; 64];
    let n = c
        .hash_compute(Algorithm::SHA_256, b"abc", &mut out)
        .unwrap();
    let abc = hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!(&out[..n], &abc[..]);
    assert_eq!(c.hash_compare(Algorithm::SHA_256, b"abc", &abc), Ok(()));
    assert_eq!(
        c.hash_compare(Algorithm::SHA_256, b"abd", &abc),
        Err(Error::InvalidSignature)
    );
    assert_eq!(
        c.hash_compare(Algorithm::SHA_256, b"abc", &abc[..31]),
        Err(Error::InvalidSignature)
    );
    let mut small = [0u8; 31];
    assert_eq!(
        c.hash_compute(Algorithm::SHA_256, b"abc", &mut small),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(
        c.hash_compute(HMAC256, b"abc", &mut out),
        Err(Error::InvalidArgument)
    );
    // A hash encoding with no hash behind it: NOT_SUPPORTED, as Mbed TLS's test data says.
    assert_eq!(
        c.hash_compute(Algorithm::ANY_HASH, b"abc", &mut out),
        Err(Error::NotSupported)
    );
}

#[test]
fn memory_bound_evicts_idle_persistent_keys_and_refuses_volatile_excess() {
    let storage = Arc::new(strongroom::MemoryStorage::new());
    // room for a handful of keys only (each key is charged material + slot + allowance)
    let c = Crypto::with_storage(storage, Config::default().with_memory_limit(8 * 4096));
    let mut expected = Vec::new();
    for i in 1..=40u32 {
        let id = KeyId::from_raw(i);
        c.import_key(&hmac_attrs().with_id(id), &[i as u8; 32])
            .unwrap();
        expected.push(mac(&c, id, b"e").unwrap());
    }
    assert!(c.resident_bytes() <= 8 * 4096);
    for round in 0..3 {
        for i in 1..=40u32 {
            assert_eq!(
                mac(&c, KeyId::from_raw(i), b"e").unwrap(),
                expected[i as usize - 1],
                "round {round}"
            );
        }
    }
    // volatile keys cannot be evicted: past the bound, creation fails cleanly
    let mut made = Vec::new();
    let err = loop {
        match c.import_key(&hmac_attrs(), &[1; 32]) {
            Ok(k) => made.push(k),
            Err(e) => break e,
        }
        assert!(made.len() < 1000, "memory bound not enforced");
    };
    assert_eq!(err, Error::InsufficientMemory);
    assert!(!made.is_empty());
    for k in made {
        c.destroy_key(k).unwrap();
    }
    assert!(c.import_key(&hmac_attrs(), &[1; 32]).is_ok());
}

#[test]
fn random_bytes() {
    let c = Crypto::in_memory();
    c.generate_random(&mut []).unwrap();
    let mut a = [0u8; 32];
    let mut b = [0u8; 32];
    c.generate_random(&mut a).unwrap();
    c.generate_random(&mut b).unwrap();
    assert_ne!(a, b);
    assert_ne!(a, [0; 32]);
    c.reseed_random().unwrap();
    let mut big = vec![0u8; 200_000];
    c.generate_random(&mut big).unwrap();
    assert!(big.iter().filter(|&&x| x == 0).count() < 2000);
}

#[test]
fn debug_output_holds_no_key_material() {
    let c = Crypto::in_memory();
    let secret = [0xA5u8; 32];
    let k = c.import_key(&hmac_attrs(), &secret).unwrap();
    mac(&c, k, b"warm the prepared form").unwrap();
    let dbg = format!("{c:?}");
    assert!(!dbg.contains("165, 165"), "material in Debug output: {dbg}");
    assert!(
        !dbg.to_lowercase().contains("a5a5"),
        "material in Debug output: {dbg}"
    );
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn file_store_instances_share_a_directory() {
    let dir = temp_dir("shared");
    let a = Crypto::with_storage(
        Arc::new(FileStorage::open(&dir).unwrap()),
        Config::default(),
    );
    let b = Crypto::with_storage(
        Arc::new(FileStorage::open(&dir).unwrap()),
        Config::default(),
    );
    let id = KeyId::from_raw(77);
    a.import_key(&hmac_attrs().with_id(id), &[2; 32]).unwrap();
    assert_eq!(
        b.import_key(&hmac_attrs().with_id(id), &[3; 32]),
        Err(Error::AlreadyExists)
    );
    assert_eq!(mac(&a, id, b"s").unwrap(), mac(&b, id, b"s").unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}
