# Copyright (c) HashiCorp, Inc.
# SPDX-License-Identifier: BUSL-1.1

pid_file = "./pidfile"
log_file = "/var/log/vault/vault-agent.log"

vault {
  address = "https://[2001:0db8::0001]:8200"
}

auto_auth {
  method {
    type      = "azure"
    namespace = "/azure-namespace"
    config = {
      authenticate_from_environment = true
      role                          = "dev-role"
      resource                      = "https://[2001:0:0:1:0:0:0:1]",
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
}
