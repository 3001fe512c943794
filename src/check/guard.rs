//! The private-address guard: which addresses the checker may contact.
//!
//! A citation that points at `http://127.0.0.1/`, `http://10.0.0.5/` or a
//! name that resolves there would make the checker probe the machine it runs
//! on or its local network. Unless the run allows private addresses, such
//! links are `excluded` before any packet is sent. The guard is applied to IP
//! literals here and to resolved names in [`super::dns`], on every redirect
//! hop.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether `ip` belongs to the machine itself or to a private network:
/// loopback, private (RFC 1918), shared CGNAT space (RFC 6598), link-local,
/// unique-local (fc00::/7), unspecified, broadcast, and IPv6 addresses that
/// embed one of those IPv4 addresses.
#[must_use]
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_private_v4(v4),
        IpAddr::V6(v6) => is_private_v6(v6),
    }
}

fn is_private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        // 0.0.0.0/8 means "this network": Linux connects it to the local host.
        || a == 0
        // 100.64.0.0/10, carrier-grade NAT: another customer's network.
        || (a == 100 && (64..128).contains(&b))
}

fn is_private_v6(ip: Ipv6Addr) -> bool {
    // `::ffff:127.0.0.1` reaches 127.0.0.1: judge the embedded address.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_private_v4(v4);
    }
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        // fe80::/10, link-local.
        || (first & 0xffc0) == 0xfe80
        // fc00::/7, unique-local.
        || (first & 0xfe00) == 0xfc00
}

#[cfg(test)]
mod tests {
    use super::*;

    fn private(s: &str) -> bool {
        is_private(s.parse().unwrap())
    }

    #[test]
    fn loopback_private_and_link_local_addresses_are_private() {
        for ip in [
            "127.0.0.1",
            "127.0.0.2",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "fc00::1",
            "::ffff:127.0.0.1",
            "::ffff:192.168.0.1",
        ] {
            assert!(private(ip), "{ip} should be private");
        }
    }

    #[test]
    fn public_addresses_are_not_private() {
        for ip in [
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "208.80.154.224",
            "2620:0:862:ed1a::1",
            "::ffff:8.8.8.8",
        ] {
            assert!(!private(ip), "{ip} should be public");
        }
    }
}
