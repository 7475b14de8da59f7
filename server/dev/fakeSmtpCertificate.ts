// A self-signed certificate for localhost and 127.0.0.1 (EC P-256, valid until 2126), for the fake
// SMTP server's TLS modes only. Public on purpose: it protects nothing, and a client that checks
// certificates must refuse it.
export const FAKE_SMTP_TLS = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5IiUiHzqV1iO1ig2
nDVqQwNRo54CGELJG2EbEBge9xihRANCAARAhN3VmOYXx5rou3+yfBsp//A9dfh0
y4MPgxZh36pD/pBO4iZKPGptLurUC9zqGRrkWdgIObgI7/rM1d9sJESF
-----END PRIVATE KEY-----
`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUFvMF1iIMFES+JAKESsM1eBjaQWAwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwNTE5MDUwNFoYDzIxMjYxMTEx
MTkwNTA0WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARAhN3VmOYXx5rou3+yfBsp//A9dfh0y4MPgxZh36pD/pBO4iZKPGpt
LurUC9zqGRrkWdgIObgI7/rM1d9sJESFo28wbTAdBgNVHQ4EFgQUHkNTCndIAcUg
oZeR0OQ6uYjSAhkwHwYDVR0jBBgwFoAUHkNTCndIAcUgoZeR0OQ6uYjSAhkwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSAAwRQIhALy2C2tT8kaMs8AKOC2Ns1M3GUjxjI8sfjFRjjUiZaFhAiA/
EUqILIwRM8gN+7dSNstJtFOwfaAJMhIQnBV4kq6J5Q==
-----END CERTIFICATE-----
`,
};
