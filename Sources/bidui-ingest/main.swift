import BiduiCLI

IngestCommand.main()
