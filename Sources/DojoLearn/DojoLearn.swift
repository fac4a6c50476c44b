// DojoLearn: supervised and unsupervised learners on DojoNN (issue 6).
