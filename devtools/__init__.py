"""Development tools of the shop (fakes of outside services); never imported by the shop."""
