module vaultlet.io/tmplgolden

go 1.19
