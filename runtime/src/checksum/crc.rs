//! Table-driven reflected CRCs (slice-by-8): CRC-32 (ISO-HDLC, zlib's), CRC-32C (Castagnoli,
//! iSCSI) and CRC-64/NVME, the three CRCs of S3's flexible checksums.
//!
//! One implementation serves both widths: a reflected CRC's register shifts right, so a 32-bit
//! register held in a `u64` never grows past its low 32 bits, and eight tables (the CRC of a
//! byte followed by 0..7 zero bytes) fold eight input bytes per step. The tables are built at
//! compile time from the reflected polynomial.
//!
//! CRC-32 itself is computed by `crc32fast` (SIMD when the CPU has it, about ten times faster
//! on a large upload); its table here is the reference the tests check that against.

/// A reflected CRC's eight lookup tables, its initial register and its final XOR.
pub(crate) struct CrcSpec {
    tables: [[u64; 256]; 8],
    /// All ones of the CRC's width: the initial register and the final XOR.
    mask: u64,
}

impl CrcSpec {
    /// The tables for `reflected_poly` (the polynomial with its bits reversed) of `width` bits.
    const fn new(reflected_poly: u64, width: u32) -> Self {
        let mut tables = [[0u64; 256]; 8];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u64;
            let mut bit = 0;
            while bit < 8 {
                c = if c & 1 == 1 { (c >> 1) ^ reflected_poly } else { c >> 1 };
                bit += 1;
            }
            tables[0][i] = c;
            i += 1;
        }
        let mut k = 1;
        while k < 8 {
            let mut i = 0;
            while i < 256 {
                let prev = tables[k - 1][i];
                tables[k][i] = (prev >> 8) ^ tables[0][(prev & 0xff) as usize];
                i += 1;
            }
            k += 1;
        }
        let mask = if width == 64 { u64::MAX } else { (1u64 << width) - 1 };
        CrcSpec { tables, mask }
    }

    /// The register before any byte.
    pub(crate) fn init(&self) -> u64 {
        self.mask
    }

    /// The register after `bytes`.
    pub(crate) fn update(&self, mut crc: u64, bytes: &[u8]) -> u64 {
        let t = &self.tables;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let v = crc ^ u64::from_le_bytes(word);
            let b = v.to_le_bytes();
            crc = t[7][b[0] as usize]
                ^ t[6][b[1] as usize]
                ^ t[5][b[2] as usize]
                ^ t[4][b[3] as usize]
                ^ t[3][b[4] as usize]
                ^ t[2][b[5] as usize]
                ^ t[1][b[6] as usize]
                ^ t[0][b[7] as usize];
        }
        for &byte in chunks.remainder() {
            crc = (crc >> 8) ^ t[0][((crc ^ byte as u64) & 0xff) as usize];
        }
        crc
    }

    /// The CRC of everything the register has seen.
    pub(crate) fn finish(&self, crc: u64) -> u64 {
        crc ^ self.mask
    }
}

/// CRC-32/ISO-HDLC (polynomial 0x04C11DB7), as zlib and `x-amz-checksum-crc32`: the reference
/// for `crc32fast`, which computes it.
#[cfg(test)]
pub(crate) static CRC32: CrcSpec = CrcSpec::new(0xEDB8_8320, 32);
/// CRC-32/ISCSI (Castagnoli, polynomial 0x1EDC6F41), as `x-amz-checksum-crc32c`.
pub(crate) static CRC32C: CrcSpec = CrcSpec::new(0x82F6_3B78, 32);
/// CRC-64/NVME (polynomial 0xAD93D23594C93659), as `x-amz-checksum-crc64nvme`.
pub(crate) static CRC64_NVME: CrcSpec = CrcSpec::new(0x9A6C_9329_AC4B_C9B5, 64);
