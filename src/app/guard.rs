//! Who may talk to the app: the checks every request passes before any
//! route sees it. The page handles municipal data, so the server trusts
//! only the browser the user opened with the printed address:
//!
//! - the **token** from that address (query `token`, the cookie set on the
//!   first visit, or the `X-Renkei-Token` header), compared in constant time;
//! - the **Host** header: `localhost` or an IP literal with the app's port.
//!   A web page on another site that points its own domain name at
//!   127.0.0.1 (DNS rebinding) sends its domain name as Host and is refused;
//! - the **Origin** header, when the browser sends one (every cross-site
//!   `fetch` or form POST): it must be this app's own address, so another
//!   site cannot make the user's browser post to the app.

use std::net::IpAddr;

/// Why a request was refused (each is a 403).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Token,
    Host,
    Origin,
}

/// What a request brings that the checks look at.
pub struct Presented<'a> {
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
    /// `Sec-Fetch-Site`, sent by current browsers on every request.
    pub fetch_site: Option<&'a str>,
    pub query_token: Option<&'a str>,
    pub header_token: Option<&'a str>,
    pub cookie: Option<&'a str>,
}

/// The app's secret and address.
pub struct Guard {
    pub token: String,
    pub port: u16,
}

impl Guard {
    /// The name of the cookie that carries the token. Cookies are not kept
    /// apart by port, so the port is in the name: two apps on one machine
    /// do not overwrite each other's.
    pub fn cookie_name(&self) -> String {
        format!("renkei_token_{}", self.port)
    }

    /// Checks a request; the first failed check is the refusal.
    pub fn check(&self, p: &Presented) -> Result<(), Refusal> {
        if !p.host.is_some_and(|h| self.is_own_host(h)) {
            return Err(Refusal::Host);
        }
        if let Some(origin) = p.origin {
            // `null` is what a sandboxed frame or a file:// page sends.
            let own = origin
                .strip_prefix("http://")
                .is_some_and(|h| self.is_own_host(h));
            if !own {
                return Err(Refusal::Origin);
            }
        }
        if p.fetch_site == Some("cross-site") {
            return Err(Refusal::Origin);
        }
        let cookie_token = p.cookie.and_then(|c| cookie_value(c, &self.cookie_name()));
        let given = [p.query_token, p.header_token, cookie_token];
        if given
            .into_iter()
            .flatten()
            .any(|t| same_secret(t, &self.token))
        {
            Ok(())
        } else {
            Err(Refusal::Token)
        }
    }

    /// `localhost:PORT` or `IP:PORT` (`[::1]:PORT`) with this app's port. A
    /// domain name other than localhost is refused: that is what a DNS
    /// rebinding attack sends.
    fn is_own_host(&self, host: &str) -> bool {
        let Some((name, port)) = host.rsplit_once(':') else {
            return false;
        };
        if port.parse::<u16>() != Ok(self.port) {
            return false;
        }
        let name = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(name);
        name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok()
    }
}

/// The value of cookie `name` in a `Cookie` header.
fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

/// Compares two secrets in time that depends only on their lengths, so
/// that timing does not tell an attacker how much of a guess was right.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A new random token: 128 bits from the operating system, as hex.
pub fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        Guard {
            token: "abc123".into(),
            port: 8080,
        }
    }

    fn request<'a>(host: &'a str, token: Option<&'a str>) -> Presented<'a> {
        Presented {
            host: Some(host),
            origin: None,
            fetch_site: None,
            query_token: token,
            header_token: None,
            cookie: None,
        }
    }

    #[test]
    fn the_token_is_required_in_one_of_three_places() {
        let g = guard();
        assert_eq!(g.check(&request("127.0.0.1:8080", Some("abc123"))), Ok(()));
        assert_eq!(
            g.check(&request("127.0.0.1:8080", None)),
            Err(Refusal::Token)
        );
        assert_eq!(
            g.check(&request("127.0.0.1:8080", Some("abc124"))),
            Err(Refusal::Token)
        );
        let mut by_cookie = request("localhost:8080", None);
        by_cookie.cookie = Some("other=1; renkei_token_8080=abc123");
        assert_eq!(g.check(&by_cookie), Ok(()));
        // Another app's cookie (another port) is not this one's.
        by_cookie.cookie = Some("renkei_token_8081=abc123");
        assert_eq!(g.check(&by_cookie), Err(Refusal::Token));
        let mut by_header = request("[::1]:8080", None);
        by_header.header_token = Some("abc123");
        assert_eq!(g.check(&by_header), Ok(()));
    }

    #[test]
    fn a_foreign_host_or_origin_is_refused() {
        let g = guard();
        for host in [
            "evil.example:8080",
            "127.0.0.1:8081",
            "127.0.0.1",
            "localhost.evil:8080",
        ] {
            assert_eq!(
                g.check(&request(host, Some("abc123"))),
                Err(Refusal::Host),
                "{host}"
            );
        }
        let mut r = request("127.0.0.1:8080", Some("abc123"));
        r.origin = Some("http://evil.example");
        assert_eq!(g.check(&r), Err(Refusal::Origin));
        r.origin = Some("null");
        assert_eq!(g.check(&r), Err(Refusal::Origin));
        r.origin = Some("http://127.0.0.1:8080");
        assert_eq!(g.check(&r), Ok(()));
        r.fetch_site = Some("cross-site");
        assert_eq!(g.check(&r), Err(Refusal::Origin));
    }

    #[test]
    fn tokens_are_random_and_long() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
