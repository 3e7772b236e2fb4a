exit_after_auth = true
pid_file = "./pidfile"

auto_auth {
  method "gcp" {
      mount_path = "auth/gcp"
      namespace = "admin"
      config = {
          type = "iam"
          role = "crdb"
          jwt_exp = "5"
          service_account = "${service_account}"
          project= "${project_id}"
      }
  }

  sink "file" {
      config = {
          path = "/vault/vault-token"
      }
  }
}

vault {
  address = "${vault_addr}"
}

template {
  source      = "/vault/node_cert.tmpl"
  destination = "/vault/node.crt"
}
