//! Asymmetric keys: generation, import validation and export formats, signatures, encryption, raw key agreement.

/// The software AsymmetricDriver.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SoftAsymmetric;

impl strongroom_driver::AsymmetricDriver for SoftAsymmetric {}
