# Copyright (c) HashiCorp, Inc.
# SPDX-License-Identifier: BUSL-1.1

pid_file = "./pidfile"
log_file = "/var/log/vault/vault-agent.log"

vault {
  address = "https://[2001:0db8::0001]:8200"
}

auto_auth {
  method {
    type      = "gcp"
    namespace = "/gcp-namespace"
    config = {
      role            = "dev-role"
      service_account = "https://[2001:DB8:AC3:FE4::1]"
    }
  }

  sink {
    type = "file"
    config = {
      path = "/tmp/file-foo"
    }
    aad     = "foobar"
    dh_type = "curve25519"
    dh_path = "/tmp/file-foo-dhpath"
  }

  sink {
    type        = "file"
    wrap_ttl    = "5m"
    aad_env_var = "TEST_AAD_ENV"
    dh_type     = "curve25519"
    dh_path     = "/tmp/file-foo-dhpath2"
    derive_key  = true
    config = {
      path = "/tmp/file-bar"
    }
  }
}
