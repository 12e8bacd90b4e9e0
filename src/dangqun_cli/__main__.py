from dangqun_cli.cli.app import main

main()
