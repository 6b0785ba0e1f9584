//! The hash algorithms usable inside signature and encryption schemes (RFC 6979 nonces,
//! PKCS#1 v1.5 DigestInfo, PSS and OAEP with MGF1), as one table of RustCrypto types.

use strongroom_driver::Algorithm;

/// Evaluates `$body` with the type alias `$D` bound to the RustCrypto hasher of the hash
/// algorithm `$alg`, or evaluates `$otherwise` when the driver has none.
macro_rules! with_digest {
    ($alg:expr, |$D:ident| $body:expr, $otherwise:expr) => {{
        match ($alg).raw() {
            0x0200_0003 => {
                type $D = ::md5::Md5;
                $body
            }
            0x0200_0004 => {
                type $D = ::ripemd::Ripemd160;
                $body
            }
            0x0200_0005 => {
                type $D = ::sha1::Sha1;
                $body
            }
            0x0200_0008 => {
                type $D = ::sha2::Sha224;
                $body
            }
            0x0200_0009 => {
                type $D = ::sha2::Sha256;
                $body
            }
            0x0200_000a => {
                type $D = ::sha2::Sha384;
                $body
            }
            0x0200_000b => {
                type $D = ::sha2::Sha512;
                $body
            }
            0x0200_000c => {
                type $D = ::sha2::Sha512_224;
                $body
            }
            0x0200_000d => {
                type $D = ::sha2::Sha512_256;
                $body
            }
            0x0200_0010 => {
                type $D = ::sha3::Sha3_224;
                $body
            }
            0x0200_0011 => {
                type $D = ::sha3::Sha3_256;
                $body
            }
            0x0200_0012 => {
                type $D = ::sha3::Sha3_384;
                $body
            }
            0x0200_0013 => {
                type $D = ::sha3::Sha3_512;
                $body
            }
            _ => $otherwise,
        }
    }};
}
pub(crate) use with_digest;

/// Whether [`with_digest!`] knows `hash`.
pub(crate) fn is_supported(hash: Algorithm) -> bool {
    with_digest!(hash, |D| <D as sha2::Digest>::output_size() > 0, false)
}

/// The DER object identifier body of a hash (for the PKCS#1 v1.5 `DigestInfo`).
fn oid(hash: Algorithm) -> Option<&'static [u8]> {
    const NIST_HASH: [u8; 8] = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02];
    macro_rules! nist {
        ($n:expr) => {{
            const O: [u8; 9] = {
                let mut o = [0u8; 9];
                let mut i = 0;
                while i < 8 {
                    o[i] = NIST_HASH[i];
                    i += 1;
                }
                o[8] = $n;
                o
            };
            &O
        }};
    }
    Some(match hash.raw() {
        0x0200_0003 => &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05],
        0x0200_0004 => &[0x2b, 0x24, 0x03, 0x02, 0x01],
        0x0200_0005 => &[0x2b, 0x0e, 0x03, 0x02, 0x1a],
        0x0200_0008 => nist!(0x04),
        0x0200_0009 => nist!(0x01),
        0x0200_000a => nist!(0x02),
        0x0200_000b => nist!(0x03),
        0x0200_000c => nist!(0x05),
        0x0200_000d => nist!(0x06),
        0x0200_0010 => nist!(0x07),
        0x0200_0011 => nist!(0x08),
        0x0200_0012 => nist!(0x09),
        0x0200_0013 => nist!(0x0a),
        _ => return None,
    })
}

/// The DER prefix of a PKCS#1 v1.5 `DigestInfo` for `hash` (RFC 8017 §9.2 note 1): the
/// bytes that precede the hash value. `None` for a hash without an identifier here.
pub(crate) fn digest_info_prefix(hash: Algorithm) -> Option<Vec<u8>> {
    let oid = oid(hash)?;
    let hash_len = hash.hash_length()?;
    // SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING hash }; every length is < 128.
    let alg_len = 2 + oid.len() + 2;
    let total = 2 + alg_len + 2 + hash_len;
    let mut p = Vec::with_capacity(total - hash_len + 2);
    p.extend_from_slice(&[
        0x30,
        total as u8,
        0x30,
        alg_len as u8,
        0x06,
        oid.len() as u8,
    ]);
    p.extend_from_slice(oid);
    p.extend_from_slice(&[0x05, 0x00, 0x04, hash_len as u8]);
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;

    #[test]
    fn digest_info_prefixes_match_rfc_8017() {
        // RFC 8017 §9.2, note 1.
        let sha256 = "3031300d060960864801650304020105000420";
        let sha1 = "3021300906052b0e03021a05000414";
        let md5 = "3020300c06082a864886f70d020505000410";
        let hex = |v: Vec<u8>| v.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex(digest_info_prefix(Algorithm::SHA_256).unwrap()), sha256);
        assert_eq!(hex(digest_info_prefix(Algorithm::SHA_1).unwrap()), sha1);
        assert_eq!(hex(digest_info_prefix(Algorithm::MD5).unwrap()), md5);
        assert!(digest_info_prefix(Algorithm::ANY_HASH).is_none());
    }

    #[test]
    fn table_output_sizes_match_the_encoding() {
        for raw in 0x0200_0000..=0x0200_00ffu32 {
            let alg = Algorithm::from_raw(raw);
            let n = with_digest!(alg, |D| Some(<D as Digest>::output_size()), None);
            if let Some(n) = n {
                assert_eq!(Some(n), alg.hash_length(), "{alg:?}");
                assert!(is_supported(alg));
            }
        }
    }
}
