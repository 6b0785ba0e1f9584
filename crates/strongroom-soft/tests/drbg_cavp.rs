//! HMAC_DRBG (SHA-256) against NIST CAVP vectors: `data/hmac_drbg_cavp.txt` (see its header
//! for the source), "no reseed" and "with reseed" (PR = False) procedures.

mod common;

use common::hex;
use strongroom_soft::HmacDrbg;

const VECTORS: &str = include_str!("data/hmac_drbg_cavp.txt");

/// One COUNT block: the mode line before it and its `name = value` fields in order.
#[derive(Debug, Default)]
struct Case {
    mode: String,
    count: String,
    fields: Vec<(String, Vec<u8>)>,
}

impl Case {
    fn field(&self, name: &str) -> &[u8] {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
            .unwrap_or_else(|| panic!("COUNT {}: no {name}", self.count))
    }

    fn additional_inputs(&self) -> Vec<&[u8]> {
        self.fields
            .iter()
            .filter(|(n, _)| n == "AdditionalInput")
            .map(|(_, v)| v.as_slice())
            .collect()
    }
}

fn parse(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut mode = String::new();
    let mut current: Option<Case> = None;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
            continue;
        }
        let (name, value) = line.split_once('=').expect("name = value");
        let (name, value) = (name.trim(), value.trim());
        match name {
            "MODE" => mode = value.to_owned(),
            "COUNT" => {
                cases.extend(current.take());
                current = Some(Case {
                    mode: mode.clone(),
                    count: value.to_owned(),
                    ..Case::default()
                });
            }
            _ => current
                .as_mut()
                .expect("field inside a COUNT block")
                .fields
                .push((name.to_owned(), hex(value))),
        }
    }
    cases.extend(current);
    cases
}

fn run(case: &Case) -> Vec<u8> {
    let mut drbg = HmacDrbg::instantiate(
        case.field("EntropyInput"),
        case.field("Nonce"),
        case.field("PersonalizationString"),
    )
    .expect("instantiate");
    match case.mode.as_str() {
        "pr_false" => drbg
            .reseed(
                case.field("EntropyInputReseed"),
                case.field("AdditionalInputReseed"),
            )
            .expect("reseed"),
        "no_reseed" => {}
        other => panic!("unknown mode {other}"),
    }
    let additional = case.additional_inputs();
    assert_eq!(additional.len(), 2, "COUNT {}", case.count);
    let mut out = vec![0u8; case.field("ReturnedBits").len()];
    drbg.generate(&mut out, additional[0])
        .expect("first generate");
    drbg.generate(&mut out, additional[1])
        .expect("second generate");
    assert_eq!(drbg.requests_since_reseed(), 2);
    out
}

#[test]
fn cavp_hmac_drbg_sha256() {
    let cases = parse(VECTORS);
    let count = |mode: &str| cases.iter().filter(|c| c.mode == mode).count();
    assert!(
        count("no_reseed") >= 3 && count("pr_false") >= 3,
        "vectors missing"
    );
    assert!(
        cases
            .iter()
            .any(|c| !c.field("PersonalizationString").is_empty())
    );
    assert!(
        cases
            .iter()
            .any(|c| c.additional_inputs().iter().any(|a| !a.is_empty()))
    );
    for case in &cases {
        assert_eq!(
            run(case),
            case.field("ReturnedBits"),
            "{} COUNT {}",
            case.mode,
            case.count
        );
    }
}

#[test]
fn short_entropy_is_refused() {
    let err = HmacDrbg::instantiate(&[0; 31], &[0; 16], b"").err();
    assert_eq!(err, Some(strongroom_driver::Error::InsufficientEntropy));
    let mut drbg = HmacDrbg::instantiate(&[0; 32], &[0; 16], b"").expect("instantiate");
    assert!(drbg.reseed(&[0; 16], b"").is_err());
}

#[test]
fn long_requests_are_split_into_max_size_requests() {
    let mut a = HmacDrbg::instantiate(&[1; 32], &[2; 16], b"p").expect("instantiate");
    let mut b = HmacDrbg::instantiate(&[1; 32], &[2; 16], b"p").expect("instantiate");
    let mut long = vec![0u8; HmacDrbg::MAX_REQUEST_BYTES + 100];
    a.generate(&mut long, b"").expect("generate");
    assert_eq!(a.requests_since_reseed(), 2);
    // The same as two requests made by hand.
    let mut first = vec![0u8; HmacDrbg::MAX_REQUEST_BYTES];
    let mut second = vec![0u8; 100];
    b.generate(&mut first, b"").expect("generate");
    b.generate(&mut second, b"").expect("generate");
    assert_eq!(long, [first, second].concat());
    // An empty request changes nothing.
    a.generate(&mut [], b"").expect("generate");
    assert_eq!(a.requests_since_reseed(), 2);
}

#[test]
fn debug_shows_no_state() {
    let drbg = HmacDrbg::instantiate(&[1; 32], &[2; 16], b"").expect("instantiate");
    assert_eq!(
        format!("{drbg:?}"),
        "HmacDrbg { hash: \"SHA-256\", requests_since_reseed: 0, .. }"
    );
}
