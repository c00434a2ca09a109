//! Reading the ids of a validated `destination_ids` array text, as the
//! core's `view::Ids` does (its state is private, so C cannot hold one).

use sailor_webhook::Uuid;

/// The next id after `*pos` in `raw` (`[` ... `]`), advancing `*pos`;
/// `Ok(None)` at the end, `Err` for text that is not a validated array.
pub(crate) fn next(raw: &[u8], pos: &mut usize) -> Result<Option<Uuid>, ()> {
    let mut i = (*pos).max(1);
    loop {
        match raw.get(i) {
            None | Some(b']') => {
                *pos = i;
                return Ok(None);
            }
            Some(b'"') => break,
            Some(_) => i += 1,
        }
    }
    // The string's text, `\uXXXX` escapes of ASCII decoded (nothing else can
    // spell a UUID character).
    let mut text = [0u8; 36];
    let mut n = 0;
    i += 1;
    loop {
        let b = *raw.get(i).ok_or(())?;
        let c = match b {
            b'"' => break,
            b'\\' => {
                if raw.get(i + 1) != Some(&b'u') {
                    return Err(());
                }
                let hex = raw.get(i + 2..i + 6).ok_or(())?;
                let v = crate::unescape::hex4(hex).ok_or(())?;
                i += 6;
                u8::try_from(v).ok().filter(u8::is_ascii).ok_or(())?
            }
            _ => {
                i += 1;
                b
            }
        };
        *text.get_mut(n).ok_or(())? = c;
        n += 1;
    }
    *pos = i + 1;
    Uuid::parse_bytes(text.get(..n).ok_or(())?)
        .map(Some)
        .ok_or(())
}
