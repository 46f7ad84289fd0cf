from denocompare.cli import main

raise SystemExit(main())
