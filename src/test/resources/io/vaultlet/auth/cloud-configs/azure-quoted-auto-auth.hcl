    "auto_auth" {
      method "azure" {
        config {
          role = "jumpbox-role"
					resource = "https://management.azure.com/"
        }
      }

      sink "file" {
        config {
          path = "/home/ubuntu/.vault_token"
        }
      }
    }
